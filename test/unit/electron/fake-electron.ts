import { EventEmitter } from 'node:events';

/**
 * Just enough of Electron's main-process API for main.ts to run under vitest without the
 * binary. Everything main.ts hands to Electron is recorded here for the tests to drive.
 */

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventable<T extends object>(fields: T = {} as T): T & PreventableEvent {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export const recorded = {
  switches: [] as [string, string | undefined][],
  schemes: [] as unknown[],
  gpuDisabled: false,
  menu: 'default' as unknown,
  powerSave: [] as string[],
  quits: 0,
  relaunches: 0,
  exits: [] as number[],
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  ipcListeners: new Map<string, (...args: unknown[]) => void>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  devicePermission: undefined as undefined | ((...args: unknown[]) => boolean),
  windows: [] as FakeBrowserWindow[],
};

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: unknown[][] = [];
  readonly loaded: string[] = [];
  zoomLevel = 0;
  crashes = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
  }
  setVisualZoomLevelLimits(): Promise<void> {
    return Promise.resolve();
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  forcefullyCrashRenderer(): void {
    this.crashes++;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  focused = 0;

  constructor(readonly options: Record<string, unknown>) {
    super();
    recorded.windows.push(this);
    app.emit('web-contents-created', preventable(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.webContents.loaded.push(url);
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {
    this.focused++;
  }
}

class FakeApp extends EventEmitter {
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => {
      recorded.switches.push([name, value]);
    },
  };
  requestSingleInstanceLock(): boolean {
    return true;
  }
  disableHardwareAcceleration(): void {
    recorded.gpuDisabled = true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  /** Records only: the tests play Electron's quit sequence themselves, one event at a time. */
  quit(): void {
    recorded.quits++;
  }
  relaunch(): void {
    recorded.relaunches++;
  }
  exit(code: number): void {
    recorded.exits.push(code);
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;

export const ipcMain = {
  handle(channel: string, handler: (...args: unknown[]) => unknown) {
    recorded.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    recorded.ipcHandlers.delete(channel);
  },
  on(channel: string, listener: (...args: unknown[]) => void) {
    recorded.ipcListeners.set(channel, listener);
  },
  off(channel: string, listener: (...args: unknown[]) => void) {
    if (recorded.ipcListeners.get(channel) === listener) recorded.ipcListeners.delete(channel);
  },
};

/** Electron's MessagePortMain, enough to hand frames over and see it closed. */
export class FakeMessagePort extends EventEmitter {
  started = false;
  closed = false;
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
}

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    recorded.schemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

class FakeSession extends EventEmitter {
  setPermissionRequestHandler(handler: (...args: unknown[]) => void): void {
    recorded.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    recorded.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void {
    recorded.devicePermission = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const Menu = {
  setApplicationMenu(menu: unknown) {
    recorded.menu = menu;
  },
};

export const powerSaveBlocker = {
  start(type: string) {
    recorded.powerSave.push(type);
    return recorded.powerSave.length;
  },
};
