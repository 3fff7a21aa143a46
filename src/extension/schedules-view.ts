// The Failing Schedules view (Run and Debug): the counterexamples "Explore schedules" found;
// clicking one replays it in the debugger, stopping where it fails.

import * as vscode from 'vscode';
import { FailingSchedules, type FailingSchedule } from './schedules-model';

export const REPLAY_SCHEDULE_COMMAND = 'futexlab.replaySchedule';

export class FailingSchedulesProvider implements vscode.TreeDataProvider<FailingSchedule> {
  readonly model = new FailingSchedules();
  private readonly emitter = new vscode.EventEmitter<FailingSchedule | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  update(): void {
    void vscode.commands.executeCommand('setContext', 'futexlab.hasFailingSchedules', this.model.all.length > 0);
    this.emitter.fire(undefined);
  }

  getTreeItem(s: FailingSchedule): vscode.TreeItem {
    const d = FailingSchedules.describe(s);
    const item = new vscode.TreeItem(d.label, vscode.TreeItemCollapsibleState.None);
    item.description = d.description;
    item.tooltip = d.tooltip;
    item.iconPath = new vscode.ThemeIcon('debug-alt');
    item.command = { command: REPLAY_SCHEDULE_COMMAND, title: 'Replay in the debugger', arguments: [s] };
    return item;
  }

  getChildren(parent?: FailingSchedule): FailingSchedule[] {
    return parent ? [] : [...this.model.all];
  }
}
