export { type RecordingLogger, recordingLogger } from './recording-logger.js';
