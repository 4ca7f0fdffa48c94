// The toolbar, built from the webview UI toolkit's components (registered in main.ts): all of them
// focusable and keyboard-operable, styled by the toolkit from the theme's variables.

export interface ToolbarActions {
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
  selectFault(i: number | null): void;
  toggleCompare(on: boolean): void;
  exportAs(format: 'png' | 'svg'): void;
}

export interface Toolbar {
  el: HTMLElement;
  setFaults(labels: string[], selected: number | null): void;
  setCompare(checked: boolean, label: string): void;
}

type ValueEl = HTMLElement & { value: string; checked: boolean };

export function buildToolbar(parent: HTMLElement, act: ToolbarActions): Toolbar {
  const bar = document.createElement('div');
  bar.className = 'toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Timeline controls');
  parent.appendChild(bar);
  const button = (id: string, text: string, title: string, on: () => void, appearance = 'secondary') => {
    const b = document.createElement('vscode-button');
    b.id = id;
    b.setAttribute('appearance', appearance);
    b.setAttribute('title', title);
    b.setAttribute('aria-label', title);
    b.textContent = text;
    b.addEventListener('click', on);
    bar.appendChild(b);
    return b;
  };
  button('zoom-in', '+', 'Zoom in (+)', act.zoomIn);
  button('zoom-out', '−', 'Zoom out (−)', act.zoomOut);
  button('zoom-reset', 'Whole run', 'Show the whole run (Home)', act.reset);

  const faultLabel = document.createElement('label');
  faultLabel.className = 'toolbar-label';
  faultLabel.textContent = 'Fault';
  faultLabel.htmlFor = 'fault-select';
  bar.appendChild(faultLabel);
  const faults = document.createElement('vscode-dropdown') as ValueEl;
  faults.id = 'fault-select';
  faults.setAttribute('aria-label', 'Fault to focus');
  bar.appendChild(faults);
  faults.addEventListener('change', () => act.selectFault(faults.value === 'all' ? null : Number(faults.value)));

  const compare = document.createElement('vscode-checkbox') as ValueEl;
  compare.id = 'compare';
  compare.textContent = 'Compare with reserved slots';
  compare.addEventListener('change', () => act.toggleCompare(compare.checked));
  bar.appendChild(compare);

  const spacer = document.createElement('span');
  spacer.className = 'toolbar-spacer';
  bar.appendChild(spacer);
  button('export-png', 'Export PNG', 'Save the current view as a PNG image', () => act.exportAs('png'));
  button('export-svg', 'Export SVG', 'Save the current view as an SVG drawing', () => act.exportAs('svg'));

  return {
    el: bar,
    setFaults(labels, selected) {
      const opts = [['all', labels.length ? 'All faults (whole run)' : 'No faults'], ...labels.map((l, i) => [String(i), l])];
      faults.replaceChildren(...opts.map(([v, text]) => {
        const o = document.createElement('vscode-option');
        o.setAttribute('value', v);
        o.textContent = text;
        return o;
      }));
      faults.toggleAttribute('disabled', labels.length === 0);
      // the toolkit picks up new options asynchronously
      queueMicrotask(() => { faults.value = selected === null ? 'all' : String(selected); });
    },
    setCompare(checked, label) {
      compare.textContent = label;
      compare.checked = checked;
    },
  };
}
