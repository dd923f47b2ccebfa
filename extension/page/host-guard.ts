/**
 * The rules every element samepage puts into a page shares: inside the shadow root each one is
 * `!important`, and for important declarations the shadow tree's own rules win over the page's,
 * even the page's `!important` ones; so no page style can hide, shift or fade them.
 */
export const HOST_GUARD = `
      margin: 0 !important;
      padding: 0 !important;
      border: 0 !important;
      display: block !important;
      visibility: visible !important;
      opacity: 1 !important;
      transform: none !important;
      overflow: visible !important;
      z-index: 2147483647 !important;`;
