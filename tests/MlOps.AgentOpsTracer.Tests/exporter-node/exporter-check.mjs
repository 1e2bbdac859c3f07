// Sends one agent session through each official OpenTelemetry JS OTLP/HTTP trace exporter (JSON, then protobuf) to the
// tracer and prints what each export answered as JSON. TRACER_URL is the tracer's base address, TRACER_TOKEN a traces:write key.
import { trace, context } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';

const url = new URL('v1/traces', process.env.TRACER_URL).toString();
const headers = { Authorization: `Bearer ${process.env.TRACER_TOKEN}` };

// One session: an agent invocation with a chat model call (current GenAI names) and a tool call under it.
function session(conversation) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'node-agent' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('exporter-check');
  const agent = tracer.startSpan('invoke_agent planner', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.conversation.id': conversation },
  });
  const inAgent = trace.setSpan(context.active(), agent);
  const chat = tracer.startSpan('chat gpt-4o', {
    kind: 2, // CLIENT
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 200, 'gen_ai.conversation.id': conversation,
    },
  }, inAgent);
  chat.end();
  const tool = tracer.startSpan('execute_tool weather', {
    attributes: {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'weather', 'gen_ai.tool.call.arguments': '{"city":"Paris"}',
      'gen_ai.conversation.id': conversation,
    },
  }, inAgent);
  tool.end();
  agent.end();
  return { spans: memory.getFinishedSpans(), traceId: agent.spanContext().traceId };
}

// The exporter's own export call, so its result (success, or the error it would retry or drop on) is seen, not logged.
function exportWith(exporter, spans) {
  return new Promise(resolve => exporter.export(spans, result => resolve(result)));
}

const output = {};
for (const [name, Exporter] of [['json', JsonExporter], ['proto', ProtoExporter]]) {
  const { spans, traceId } = session(`node-${name}`);
  const exporter = new Exporter({ url, headers });
  const result = await exportWith(exporter, spans);
  await exporter.shutdown();
  output[name] = { traceId, spans: spans.length, code: result.code, error: result.error ? String(result.error) : null };
}
process.stdout.write(JSON.stringify(output));
