using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Injection;

/// <summary>Patterns of direct attacks on the instructions: overrides, role-play jailbreaks, system-prompt extraction (English and German).</summary>
public static partial class InjectionRules
{
    /// <summary>Each rule's finding kind and pattern.</summary>
    public static readonly IReadOnlyList<(string Kind, Regex Pattern)> All =
    [
        ("INSTRUCTION_OVERRIDE", Override()),
        ("INSTRUCTION_OVERRIDE", OverrideGerman()),
        ("JAILBREAK_ROLEPLAY", RolePlay()),
        ("SYSTEM_PROMPT_EXTRACTION", Extraction()),
        ("SYSTEM_PROMPT_EXTRACTION", ExtractionGerman()),
    ];

    /// <summary>Whether any rule matches the text.</summary>
    public static bool AnyMatch(string text) => All.Any(rule => rule.Pattern.IsMatch(text));

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|skip|override|bypass|drop)\b[^.!?\n]{0,40}?\b(?:all\s+|any\s+|the\s+|your\s+|my\s+)?(?:previous|prior|above|earlier|preceding|initial|original|system|existing|former)\b[^.!?\n]{0,20}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?|context|tasks?|orders?|commands?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Override();

    [GeneratedRegex(@"\b(?:ignorier(?:e|en)?|vergiss|vergessen\s+sie|missachte)\b[^.!?\n]{0,40}?\b(?:alle|vorherigen?|vorigen?|bisherigen?|obigen?)\b[^.!?\n]{0,30}?\b(?:anweisungen|aufgaben|befehle|regeln|instruktionen|anordnungen)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OverrideGerman();

    [GeneratedRegex(@"\b(?:you\s+are\s+now|from\s+now\s+on\s+you\s+are|(?:pretend\s+(?:to\s+be|you\s+are)|act\s+as)\s+(?:if\s+you\s+(?:are|were)\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|evil|jailbroken|uncensored)|(?:enable|activate|enter)\s+(?:developer|dan|god|jailbreak)\s+mode|\bDAN\b[^.\n]{0,40}\bdo\s+anything\s+now|without\s+any\s+(?:restrictions|filters|limitations|censorship))", RegexOptions.IgnoreCase)]
    private static partial Regex RolePlay();

    [GeneratedRegex(@"\b(?:reveal|show|print|repeat|output|display|tell\s+me|give\s+me|what\s+(?:is|are|was|were))\b[^.!?\n]{0,30}?\b(?:your|the)\s+(?:system\s+prompt|initial\s+(?:prompt|instructions)|hidden\s+instructions|original\s+instructions|instructions\s+above|secret\s+instructions)", RegexOptions.IgnoreCase)]
    private static partial Regex Extraction();

    [GeneratedRegex(@"\b(?:zeige?|gib|nenne|wiederhole)\b[^.!?\n]{0,30}?\b(?:deinen?|die)\s+(?:system\s*prompt|systemanweisung(?:en)?|anfangsanweisung(?:en)?|ursprünglichen\s+anweisungen)", RegexOptions.IgnoreCase)]
    private static partial Regex ExtractionGerman();
}
