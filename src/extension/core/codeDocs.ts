// The editor's own diagnostic codes (budgets, engine failure), documented like the others.
export const EDITOR_CODES = {
  SJ190: { severity: 'warning', title: 'Simulation time budget exceeded', explanation: 'The editor stopped the simulation after `sparkRecoveryLens.simulation.timeBudgetMs`; raise the setting or make the job smaller (the CLI has no such budget).' },
  SJ191: { severity: 'warning', title: 'Simulation size budget exceeded', explanation: 'The job has more task attempts than `sparkRecoveryLens.simulation.maxAttempts`; the editor does not simulate it while you type (the CLI still does).' },
  SJ192: { severity: 'error', title: 'Engine error', explanation: 'The engine failed on a file that passed validation: a bug; please report it with the file.' },
} as const;
