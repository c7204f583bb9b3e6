import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type MenuItemSpec } from '../../src/main/app-menu';
import type { MenuCommand } from '../../src/shared/dto';

function labels(items: MenuItemSpec[]): string[] {
  return items.flatMap((i) => [...(i.label ? [i.label] : []), ...(i.submenu ? labels(i.submenu) : [])]);
}

describe('the menu template', () => {
  it('on macOS puts Settings… (Cmd+,) in the app menu and keeps Sync now and Find in File and Edit', () => {
    const commands: MenuCommand[] = [];
    const menu = appMenuTemplate({ platform: 'darwin', appName: 'MyBucks', command: (c) => commands.push(c) });
    expect(menu.map((m) => m.label)).toEqual(['MyBucks', 'File', 'Edit', 'View', 'Window']);
    const settings = menu[0].submenu!.find((i) => i.label === 'Settings…')!;
    expect(settings.accelerator).toBe('CmdOrCtrl+,');
    settings.click!();
    expect(menu[1].submenu!.find((i) => i.label === 'Sync now')?.accelerator).toBe('CmdOrCtrl+R');
    expect(menu[2].submenu!.find((i) => i.label === 'Find transactions…')?.accelerator).toBe('CmdOrCtrl+F');
    expect(commands).toEqual(['settings']);
  });

  it('on Windows and Linux has no app menu and Settings in File', () => {
    const menu = appMenuTemplate({ platform: 'win32', appName: 'MyBucks', command: () => {} });
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window']);
    expect(labels(menu[0].submenu!)).toEqual(['Sync now', 'Settings']);
    expect(menu[0].submenu!.at(-1)).toEqual({ role: 'quit' });
  });
});
