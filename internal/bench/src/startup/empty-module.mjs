// Imported by the "(empty module)" startup case: the cost of an import that loads nothing.
export {};
