// A stand-in for the VS Code webview API in a plain browser page: records what the app posts and
// lets a test (or a person, from the console) inject host messages.
(function () {
  const posted = [];
  let state;
  window.__posted = posted;
  window.acquireVsCodeApi = function () {
    return {
      postMessage: (m) => { posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => state,
      setState: (s) => { state = s; },
    };
  };
  /** Sends a host message the way VS Code delivers it (a window `message` event). */
  window.__inject = (msg) => window.postMessage(msg, '*');
  // security: record CSP violations so the tests can assert there are none
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  // ?fixture=name loads test/fixtures/results/NAME.json (and ?compare=NAME2) when served over http
  const q = new URLSearchParams(location.search);
  if (q.get('fixture') && location.protocol.startsWith('http')) {
    const load = (n) => fetch(`/test/fixtures/results/${n}.json`).then((r) => r.json());
    const wait = setInterval(() => {
      if (!posted.some((m) => m.type === 'ready')) return;
      clearInterval(wait);
      Promise.all([load(q.get('fixture')), q.get('compare') ? load(q.get('compare')) : undefined]).then(([p, c]) => {
        window.__inject({ type: 'show', id: 'harness', title: q.get('fixture'), sourceName: `${q.get('fixture')}.sparkjob.yaml`, primary: p, ...(c ? { comparison: c } : {}) });
      });
    }, 20);
  }
})();
