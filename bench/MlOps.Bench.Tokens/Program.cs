using MlOps.ServiceDefaults.Identity;

// The benchmarks' stand-in for the gateway when they call a service directly:
//   key <file>                    writes a new ES256 signing key (PEM)
//   jwks <file>                   prints its public keys (for MlOps__Identity__Jwks)
//   token <file> <tenant> <scope>...  prints a token valid for an hour
switch (args)
{
    case ["key", var file]:
        File.WriteAllText(file, PlatformSigningKeys.NewPem());
        break;
    case ["jwks", var file]:
        Console.WriteLine(PlatformSigningKeys.FromPem([File.ReadAllText(file)]).Jwks);
        break;
    case ["token", var file, var tenant, .. var scopes]:
        var issuer = new PlatformTokenIssuer(PlatformSigningKeys.FromPem([File.ReadAllText(file)]), TimeProvider.System);
        Console.WriteLine(issuer.Issue(tenant, "bench", scopes, TimeSpan.FromHours(1)));
        break;
    default:
        Console.Error.WriteLine("usage: key <file> | jwks <file> | token <file> <tenant> <scope>...");
        return 2;
}
return 0;
