// Who acts when someone runs govperf on the server: the operating-system user, recorded as such in
// the audit trail. Holding the machine means holding the database, so the CLI is not scoped.
import { userInfo } from 'node:os';
import { systemActor } from '@govperf/services';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export const operator = systemActor(`cli:${osUser()}`);
