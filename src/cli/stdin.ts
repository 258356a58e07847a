/** Reading standard input whole: as text for `explain -`, as bytes for a config read from PATH `-`. */
export function readStream(stream: NodeJS.ReadableStream): () => Promise<string> {
  const bytes = readBytes(stream);
  return async () => (await bytes()).toString('utf8');
}

/** All of a stream's bytes, undecoded (a config from stdin is decoded as strictly as a file). */
export function readBytes(stream: NodeJS.ReadableStream): () => Promise<Buffer> {
  return async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    return Buffer.concat(chunks);
  };
}
