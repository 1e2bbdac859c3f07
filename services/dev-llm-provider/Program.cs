using MlOps.DevLlmProvider;

// An OpenAI-compatible development provider: deterministic answers that say where they come from, for tests and for
// local runs without a real provider. Model names "fail-<status>" answer that HTTP status (to exercise fallback).
await DevProviderApp.Create(args).RunAsync();
