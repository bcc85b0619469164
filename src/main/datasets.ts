// Where the bundled datasets are: `resources/datasets` in a source checkout, and the installer's
// extraResources (`<resources>/datasets`, see electron-builder.yml) in a packaged app.

import { join } from 'node:path';

export interface DatasetsLocation {
  packaged: boolean;
  /** `process.resourcesPath`: the packaged app's resources folder. */
  resourcesPath: string;
  /** `app.getAppPath()`: the project folder when running from source. */
  appPath: string;
}

export function datasetsFolder({ packaged, resourcesPath, appPath }: DatasetsLocation): string {
  return packaged ? join(resourcesPath, 'datasets') : join(appPath, 'resources', 'datasets');
}
