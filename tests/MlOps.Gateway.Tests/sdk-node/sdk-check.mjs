// Calls the gateway with the official openai package, unchanged: a completion, a stream, and the errors the SDK maps
// to its own classes. Prints one JSON object for MlOps.Gateway.Tests to check; exits non-zero on any surprise.
import OpenAI from "openai";

const baseURL = process.env.GATEWAY_BASE_URL;
const client = new OpenAI({ baseURL, apiKey: process.env.VIRTUAL_KEY, maxRetries: 0 });
const result = {};

const completion = await client.chat.completions.create({
  model: "dev-chat", messages: [{ role: "user", content: "Hello from node" }], temperature: 0, max_tokens: 40,
});
result.completion = completion.choices[0].message.content;
result.usage = completion.usage;

const stream = await client.chat.completions.create({
  model: "dev-chat", messages: [{ role: "user", content: "Stream from node" }], temperature: 0.5, max_tokens: 40, stream: true,
});
let streamed = "";
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  streamed += chunk.choices[0]?.delta?.content ?? "";
}
result.streamed = streamed;
result.chunks = chunks;

async function errorOf(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return { class: error.constructor.name, status: error.status, code: error.code ?? null, type: error.type ?? null };
  }
}
result.badKey = await errorOf(() => new OpenAI({ baseURL, apiKey: "mlk_not_a_key", maxRetries: 0 }).chat.completions.create({
  model: "dev-chat", messages: [{ role: "user", content: "hi" }],
}));
result.modelNotAllowed = await errorOf(() => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }));
result.badRequest = await errorOf(() => client.chat.completions.create({ model: "dev-chat", messages: [] }));

console.log(JSON.stringify(result));
