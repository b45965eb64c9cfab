import * as core from '@actions/core';
import { ConfigurationError } from '@terrarium/core';

core.info(new ConfigurationError('x', { file: 'a', line: 1 }).message);
