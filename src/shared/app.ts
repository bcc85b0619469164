/** The product name; the npm package name (`cnn-studio`) is not for people. */
export const APP_NAME = 'CNN Studio';
