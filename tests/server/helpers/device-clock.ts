/**
 * The device process's clock: the machine's, shifted by DEVICE_CLOCK_OFFSET_MS.
 * Imported before anything else, so RxDB never reads the machine's own time (its
 * write clock would otherwise stay at the later time for the whole process).
 */
const offset = Number(process.env.DEVICE_CLOCK_OFFSET_MS ?? 0);
const machineNow = Date.now.bind(Date);
Date.now = () => machineNow() + offset;
