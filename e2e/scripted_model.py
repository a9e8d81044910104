"""A scripted OpenAI-compatible "model" for end-to-end checks with real clients.

It asks to Read hello.txt when the user mentions it, then reports what the tool returned; anything else gets "OK".
Usage: scripted_model.py PORT_FILE WORK_DIR LOG_FILE  (listens on a free loopback port, written to PORT_FILE)
"""
import http.server, json, os, sys, time
PORT_FILE, WORK_DIR, LOG_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
LOG = open(LOG_FILE, 'a')
def chunk(delta, finish=None):
    return {"id": "chatcmpl-e2e", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        msgs = body['messages']; last = msgs[-1]
        tools = [t['function']['name'] for t in body.get('tools', [])]
        LOG.write(json.dumps({"path": self.path, "stream": body.get('stream'), "tools": tools, "roles": [m['role'] for m in msgs], "last": str(last)[:300]}) + "\n"); LOG.flush()
        if last['role'] == 'tool':
            parts = [chunk({"role": "assistant", "content": ""}), chunk({"content": "The file says: "}), chunk({"content": json.dumps(last['content'])[:200]}), chunk({}, "stop")]
        elif 'Read' in tools and 'hello.txt' in json.dumps(last):
            parts = [chunk({"role": "assistant", "content": "Let me read the file."}),
                     chunk({"tool_calls": [{"index": 0, "id": "call_e2e1", "type": "function", "function": {"name": "Read", "arguments": ""}}]}),
                     chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{\"file_path\": "}}]}),
                     chunk({"tool_calls": [{"index": 0, "function": {"arguments": json.dumps(os.path.join(WORK_DIR, "hello.txt")) + "}"}}]}),
                     chunk({}, "tool_calls")]
        else:
            parts = [chunk({"role": "assistant", "content": "OK"}), chunk({}, "stop")]
        usage = {"id": "chatcmpl-e2e", "choices": [], "usage": {"prompt_tokens": 100, "completion_tokens": 10}}
        if body.get('stream'):
            self.send_response(200); self.send_header('Content-Type', 'text/event-stream'); self.send_header('Transfer-Encoding', 'chunked'); self.end_headers()
            for p in parts + [usage]:
                d = ("data: " + json.dumps(p) + "\n\n").encode(); self.wfile.write(b"%x\r\n%s\r\n" % (len(d), d)); self.wfile.flush(); time.sleep(0.05)
            d = b"data: [DONE]\n\n"; self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(d), d)); self.wfile.flush()
        else:
            text = "".join(p['choices'][0]['delta'].get('content', '') for p in parts)
            calls = [tc for p in parts for tc in p['choices'][0]['delta'].get('tool_calls', [])]
            msg = {"role": "assistant", "content": text}
            if calls:
                args = "".join(c['function'].get('arguments', '') for c in calls)
                msg["tool_calls"] = [{"id": "call_e2e1", "type": "function", "function": {"name": "Read", "arguments": args}}]
            out = json.dumps({"id": "chatcmpl-e2e", "choices": [{"index": 0, "message": msg, "finish_reason": parts[-1]['choices'][0]['finish_reason']}], "usage": usage['usage']}).encode()
            self.send_response(200); self.send_header('Content-Type', 'application/json'); self.send_header('Content-Length', str(len(out))); self.end_headers(); self.wfile.write(out)
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
with open(PORT_FILE, 'w') as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
