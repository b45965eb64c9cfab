/** The CLI's version, as `terrarium --version` prints it; a unit test keeps it equal to package.json's. */
export const CLI_VERSION = '0.1.0';
