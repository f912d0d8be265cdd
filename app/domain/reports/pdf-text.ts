// Reads the text back out of an uncompressed pdfkit PDF (standard fonts, WinAnsi): enough for
// tests to check what a PDF says, without a PDF parsing dependency.
const winAnsi = new TextDecoder('windows-1252')

/** One line per text-showing operator, in drawing order. */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1')
  const lines: string[] = []
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>|[\s\d.-]+)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
    const hexes = match[1] !== undefined ? [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : [match[2]]
    const bytes = Buffer.from(hexes.join(''), 'hex')
    lines.push(winAnsi.decode(bytes))
  }
  return lines.join('\n')
}
