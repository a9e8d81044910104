// The official TypeScript SDK against the bridge: create, and a streamed tool call through its accumulator.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.env.BRIDGE_URL, apiKey: 'sk-e2e', maxRetries: 2 });
const fail = (msg) => { console.error('FAIL: ' + msg); process.exit(1); };

const created = await client.messages.create({
  model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'say hi' }],
});
if (created.content[0]?.text !== 'OK') fail('create: ' + JSON.stringify(created));
if (created.model !== 'claude-sonnet-4-5') fail('create model: ' + created.model);

const stream = client.messages.stream({
  model: 'claude-opus-4-1', max_tokens: 256,
  tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }],
  messages: [{ role: 'user', content: 'read hello.txt' }],
});
const message = await stream.finalMessage();
const tool = message.content.find((b) => b.type === 'tool_use');
if (!tool || !String(tool.input.file_path).endsWith('hello.txt')) fail('stream tool: ' + JSON.stringify(message));
if (message.stop_reason !== 'tool_use') fail('stop_reason: ' + message.stop_reason);

const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hello' }] });
if (!(counted.input_tokens > 0)) fail('count_tokens: ' + JSON.stringify(counted));
console.log('TS SDK checks passed');
