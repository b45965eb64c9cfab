import * as core from '@actions/core';
import type { Logger } from '@terrarium/core';

/** The packages' Logger over the runner's log: warnings and errors become annotations. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message) => core.error(message),
};
