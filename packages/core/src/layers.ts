export { type FilterOptions, filter } from "./layers/filter.js";
export {
  type CardinalityOptions,
  limitCardinality,
  OVERFLOW_TAGS,
} from "./layers/limit-cardinality.js";
export { type Route, route } from "./layers/route.js";
