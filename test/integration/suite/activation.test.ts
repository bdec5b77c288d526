import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, open, waitFor } from './helpers';

// Runs first (files run in name order): nothing is open yet.
describe('activation', () => {
  after(closeAll);

  it('is not active before a file it serves is opened, and never activates on startup', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension under development is installed');
    const events: string[] = ext.packageJSON.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activation events: ${events.join(', ')}`);
    assert.equal(ext.isActive, false);
  });

  it('activates when a Python file is opened and reports its activation time', async () => {
    await open('clean.py');
    const ext = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID);
    await waitFor(() => ext?.isActive, 'the extension to activate');
    const ms = ext?.exports.activationMs;
    assert.equal(typeof ms, 'number');
    console.log(`    (activation took ${ms?.toFixed(1)} ms)`);
  });
});
