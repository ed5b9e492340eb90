/** One section of the results: a heading and its Markdown (tables, target checks, notes). */
export interface SuiteReport {
  title: string;
  markdown: string;
}

/** A benchmark suite that `main` can run by name (`npm run bench -- core`). */
export interface Suite {
  name: string;
  description: string;
  run(): Promise<SuiteReport>;
}
