using k8s.Models;

namespace MlOps.Deploy.Tests;

/// <summary>What one overlay or base renders to, with the look-ups the checks need.</summary>
public sealed class RenderedObjects(IReadOnlyList<object> objects)
{
    public IReadOnlyList<object> All { get; } = objects;

    public IEnumerable<T> OfKind<T>() => All.OfType<T>();

    public V1Deployment? Deployment(string name) => OfKind<V1Deployment>().SingleOrDefault(d => d.Metadata.Name == name);

    public V1Service? Service(string name) => OfKind<V1Service>().SingleOrDefault(s => s.Metadata.Name == name);

    public V1PodDisruptionBudget? DisruptionBudget(string name) => OfKind<V1PodDisruptionBudget>().SingleOrDefault(p => p.Metadata.Name == name);

    public V2HorizontalPodAutoscaler? Autoscaler(string name) =>
        OfKind<V2HorizontalPodAutoscaler>().SingleOrDefault(h => h.Spec.ScaleTargetRef.Kind == "Deployment" && h.Spec.ScaleTargetRef.Name == name);

    /// <summary>Every environment variable the container gets, and where its value comes from.</summary>
    public IReadOnlyDictionary<string, EnvironmentSource> Environment(V1Container container)
    {
        var variables = new Dictionary<string, EnvironmentSource>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } configMapRef)
            {
                var configMap = OfKind<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == configMapRef.Name)
                    ?? throw new InvalidOperationException($"{container.Name} reads ConfigMap {configMapRef.Name}, which is not rendered.");
                foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
                {
                    variables[key] = new EnvironmentSource(EnvironmentSourceKind.ConfigMap, configMapRef.Name, value);
                }
            }
            if (source.SecretRef is { } secretRef)
            {
                var secret = OfKind<V1Secret>().SingleOrDefault(s => s.Metadata.Name == secretRef.Name)
                    ?? throw new InvalidOperationException($"{container.Name} reads Secret {secretRef.Name}, which is not rendered.");
                foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
                {
                    variables[key] = new EnvironmentSource(EnvironmentSourceKind.Secret, secretRef.Name, System.Text.Encoding.UTF8.GetString(value));
                }
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            variables[variable.Name] = variable.ValueFrom switch
            {
                { SecretKeyRef: { } key } => new EnvironmentSource(EnvironmentSourceKind.Secret, key.Name, null),
                { ConfigMapKeyRef: { } key } => new EnvironmentSource(EnvironmentSourceKind.ConfigMap, key.Name, null),
                { } => new EnvironmentSource(EnvironmentSourceKind.Other, null, null),
                null => new EnvironmentSource(EnvironmentSourceKind.Literal, null, variable.Value),
            };
        }
        return variables;
    }
}
