using Microsoft.Extensions.Configuration;

namespace MlOps.ServiceDefaults.Configuration;

/// <summary>What the service's registrations said they need from configuration; checked once, before anything connects.</summary>
public sealed class RequiredConfiguration
{
    private readonly List<RequiredSetting> _settings = [];

    public IReadOnlyList<RequiredSetting> Settings => _settings;

    public void Add(RequiredSetting setting)
    {
        if (!_settings.Contains(setting))
        {
            _settings.Add(setting);
        }
    }

    /// <summary>Every required setting with none of its keys set (an empty value counts as unset).</summary>
    public IReadOnlyList<RequiredSetting> MissingFrom(IConfiguration configuration) =>
        _settings.Where(s => s.Keys.All(k => string.IsNullOrWhiteSpace(configuration[k]))).ToList();
}
