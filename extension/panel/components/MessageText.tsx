import { linkify } from '../../lib/linkify.ts';

/**
 * A message's text as text nodes, with its web links as anchors. Never HTML: the text is a
 * stranger's, so markup in it must show as the characters it is.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
