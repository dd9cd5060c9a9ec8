export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/mocks/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
};
