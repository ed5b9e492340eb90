// A TypeDoc plugin: names each entry point's page by the import specifier a user writes.
// TypeDoc names a package's entry points by file (`index`, `testing`); a reader looks for
// `@metrics/core` and `@metrics/core/testing`. Runs on each package's conversion, whose project
// is named after the package.
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const pkg = context.project.name;
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      module.name = module.name === "index" ? pkg : `${pkg}/${module.name}`;
    }
  });
}
