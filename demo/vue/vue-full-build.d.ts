// Vue ships its full build (runtime and template compiler) without a declaration of its own;
// its API is the one the `vue` entry declares.
declare module 'vue/dist/vue.esm-browser.js' {
  export * from 'vue';
}
