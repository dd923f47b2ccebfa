/**
 * The toolbar icon's drawing (assets/icon.svg), built as inline SVG for the slim tab: an image
 * from the extension would have to be web-accessible, and a data: URL is blocked by a page's
 * `img-src`; inline SVG is neither.
 */
const SVG = 'http://www.w3.org/2000/svg';

const SHAPES: Array<[string, Record<string, string>]> = [
  ['rect', { width: '128', height: '128', rx: '28', fill: '#0b57d0' }],
  [
    'path',
    {
      d: 'M22 30h58a10 10 0 0 1 10 10v30a10 10 0 0 1-10 10H46l-16 14V80h-8a10 10 0 0 1-10-10V40a10 10 0 0 1 10-10z',
      fill: '#fff',
    },
  ],
  [
    'path',
    {
      d: 'M96 50h10a10 10 0 0 1 10 10v28a10 10 0 0 1-10 10h-6v12L86 98H60a10 10 0 0 1-10-10v-2h32a14 14 0 0 0 14-14z',
      fill: '#a8c7fa',
    },
  ],
];

export function tabIcon(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 128 128');
  svg.setAttribute('aria-hidden', 'true');
  for (const [name, attributes] of SHAPES) {
    const shape = doc.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) shape.setAttribute(key, value);
    svg.append(shape);
  }
  return svg;
}
