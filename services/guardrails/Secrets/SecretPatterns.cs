using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Secrets;

/// <summary>Formats of cloud and SaaS credentials, as their issuers document them (prefixes, lengths, alphabets).</summary>
public static partial class SecretPatterns
{
    /// <summary>Every known format.</summary>
    public static readonly IReadOnlyList<SecretPattern> All =
    [
        new("AWS_ACCESS_KEY_ID", AwsAccessKeyId(), 0.95),
        new("AWS_SECRET_ACCESS_KEY", AwsSecretAccessKey(), 0.9),
        new("GITHUB_TOKEN", GitHubToken(), 0.99),
        new("SLACK_TOKEN", SlackToken(), 0.95),
        new("SLACK_WEBHOOK", SlackWebhook(), 0.95),
        new("STRIPE_KEY", StripeKey(), 0.95),
        new("OPENAI_API_KEY", OpenAiKey(), 0.95),
        new("GOOGLE_API_KEY", GoogleApiKey(), 0.95),
        new("PRIVATE_KEY", PrivateKeyBlock(), 1.0),
    ];

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])")]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(?i:aws)[\w.-]{0,24}(?i:secret|key)[\w.-]{0,24}[""']?\s*[:=]\s*[""']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])")]
    private static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9-])xox[baprs]-[A-Za-z0-9-]{10,72}(?![A-Za-z0-9-])")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}")]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,99}(?![A-Za-z0-9])")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])")]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])")]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)")]
    private static partial Regex PrivateKeyBlock();
}
