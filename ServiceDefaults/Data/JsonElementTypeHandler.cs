using System.Data;
using System.Text.Json;
using Dapper;

namespace MlOps.ServiceDefaults.Data;

/// <summary>Lets Dapper read a jsonb column straight into a response's <see cref="JsonElement"/> and write one back as text.</summary>
public sealed class JsonElementTypeHandler : SqlMapper.TypeHandler<JsonElement>
{
    public override JsonElement Parse(object value) => JsonDocument.Parse((string)value).RootElement.Clone();

    public override void SetValue(IDbDataParameter parameter, JsonElement value) => parameter.Value = value.GetRawText();
}
