// Makes sure a Chromium exists for the browser tests: uses CHROME_PATH or /usr/bin/chromium,
// and installs Debian's package when neither is there (these machines start without one).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { executablePath as path } from './lib/chromium.mjs';

if (!existsSync(path)) {
  console.log(`No Chromium at ${path}; installing Debian's chromium package…`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(
    `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq chromium`,
    {
      stdio: 'inherit',
      shell: '/bin/bash',
    },
  );
}
