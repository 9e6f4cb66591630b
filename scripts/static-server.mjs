// A small static file server for the built page, bound to 127.0.0.1.
// Used by the serve command and by the end-to-end tests, which also mount
// the page under a sub-path to prove the build's URLs are relative.
// Where the build left NAME.br or NAME.gz beside a file
// (scripts/precompress.mjs) and the request accepts that encoding, it sends
// those bytes with Content-Encoding, as a static host would.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Encodings the server can send, in order of preference. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

/** The encodings an Accept-Encoding header allows (q=0 refuses one). */
function accepted(header = '') {
  return new Set(
    header
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name.trim().toLowerCase()),
  );
}

/** The file's bytes, precompressed when the request accepts it. */
async function body(file, acceptEncoding) {
  const allowed = accepted(acceptEncoding);
  for (const [encoding, suffix] of ENCODINGS) {
    if (!allowed.has(encoding)) continue;
    try {
      return { bytes: await readFile(file + suffix), encoding };
    } catch {
      // not precompressed: try the next encoding
    }
  }
  return { bytes: await readFile(file), encoding: null };
}

/**
 * Serves `root` under the URL prefix `base` (e.g. '/cascade-lab/').
 * Resolves to { url, close } once listening; port 0 picks a free port.
 */
export async function startServer({ root, base = '/', port = 0 }) {
  const rootDir = resolve(root);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(rootDir, path.slice(prefix.length)));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const { bytes, encoding } = await body(file, req.headers['accept-encoding']);
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        vary: 'Accept-Encoding',
      };
      if (encoding) headers['content-encoding'] = encoding;
      res.writeHead(200, headers);
      res.end(bytes);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}${prefix}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// Command line: node scripts/static-server.mjs ROOT [PORT] [BASE]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080', base = '/'] = process.argv.slice(2);
  const portNumber = Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) {
    console.error(`port must be a whole number from 0 to 65535, got '${port}'`);
    process.exit(2);
  }
  startServer({ root, base, port: portNumber })
    .then(({ url }) => console.log(`Cascade Lab is being served at ${url}  (Ctrl+C stops it)`))
    .catch((e) => {
      console.error(`could not serve ${root} on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    });
}
