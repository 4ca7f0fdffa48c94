// Typed getters for the `sparkRecoveryLens.*` settings (read fresh each time: they may change).
import * as vscode from 'vscode';

const section = () => vscode.workspace.getConfiguration('sparkRecoveryLens');

export const config = {
  sweepEnabled: (): boolean => section().get<boolean>('sweep.enabled', true),
  timeBudgetMs: (): number => Math.max(100, section().get<number>('simulation.timeBudgetMs', 5000)),
  maxAttempts: (): number => Math.max(1, section().get<number>('simulation.maxAttempts', 1_000_000)),
  defaultSparkVersion: (): '2.2' | '3.5' => (section().get<string>('defaultSparkVersion', '3.5') === '2.2' ? '2.2' : '3.5'),
};
