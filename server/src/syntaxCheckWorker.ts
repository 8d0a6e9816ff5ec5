// The worker thread that checks the syntax of the documents the server does not compose (server/src/lsp/syntaxChecks.ts):
// a document's text in, its SyntaxCheck out, one at a time.
import { parentPort } from 'node:worker_threads';
import { checkSyntax } from './yaml/syntax';

parentPort?.on('message', (text: string) => parentPort!.postMessage(checkSyntax(text)));
