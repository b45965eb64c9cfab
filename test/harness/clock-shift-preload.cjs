// Preloaded (`node --require`) into Azurite and Terrarium's own processes by shifted-clock.ts:
// every `new Date()` and `Date.now()` runs ahead of the real clock by the number of milliseconds
// in the file TERRARIUM_CLOCK_OFFSET_FILE, read on every call so a test can move the clock of
// processes already running. Timers and performance.now() keep real time.
const { readFileSync } = require('node:fs');

const file = process.env.TERRARIUM_CLOCK_OFFSET_FILE;
const RealDate = Date;

function offset() {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function shiftedNow() {
  return RealDate.now() + offset();
}

function ShiftedDate(...args) {
  if (!new.target) return new RealDate(shiftedNow()).toString();
  return args.length === 0 ? new RealDate(shiftedNow()) : new RealDate(...args);
}
ShiftedDate.prototype = RealDate.prototype;
ShiftedDate.now = shiftedNow;
ShiftedDate.parse = RealDate.parse;
ShiftedDate.UTC = RealDate.UTC;

if (file) globalThis.Date = ShiftedDate;
