/**
 * The operating-system printer fallback: print the ticket's 80 mm HTML page with
 * webContents.print in a hidden, locked-down window. Without an explicit page size
 * Chromium sends A4, which ruins a receipt; webContents.print takes `pageSize` in
 * microns, so the 80 mm width is given that way.
 */
import type { BrowserWindow as BrowserWindowType } from 'electron';
import type { SystemPrintJob } from '#services/printer/printer-service.ts';

export function createSystemPrint({ BrowserWindow }: { BrowserWindow: typeof BrowserWindowType }) {
  return async (job: SystemPrintJob): Promise<void> => {
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(job.html)}`);
      await new Promise<void>((resolve, reject) => {
        win.webContents.print(
          {
            silent: true,
            deviceName: job.printerName,
            printBackground: false,
            margins: { marginType: 'none' },
            pageSize: { width: job.pageSizeMm.width * 1000, height: job.pageSizeMm.height * 1000 },
          },
          (success, reason) => (success ? resolve() : reject(new Error(`the system printer did not print: ${reason}`))),
        );
      });
    } finally {
      win.destroy();
    }
  };
}
