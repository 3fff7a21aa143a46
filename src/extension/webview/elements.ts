// The webview side of the timeline: the @vscode-elements/elements components it uses, bundled by
// esbuild into out/webview-elements.js (a browser script, loaded with the page's nonce).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
