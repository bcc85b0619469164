// Vite bundles a Markdown file imported with `?raw` as its text.
declare module '*.md?raw' {
  const text: string;
  export default text;
}
