using System;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Security.Cryptography;
using System.Text;
using MigrationChain.Build.Metadata;

namespace MigrationChain.Build.Checksums;

/// <summary>
/// The fallback checksum for a migration the source generator did not describe: a hash of what its compiled methods
/// (and the lambdas nested in it) say, read from the IL. It records each method's name and, in order, the string and
/// numeric constants it loads and the members and types it uses, by name. It leaves out everything a Debug and a
/// Release build (or an unrelated edit elsewhere in the assembly) compile differently: metadata tokens, locals,
/// branches, nops. So it is weaker than the generator's checksum: a change to control flow alone goes unseen.
/// </summary>
internal static class IlFingerprint
{
    public const string Kind = "il";

    // 128 bits: collisions are not the risk here, edits that the fingerprint does not see are.
    private const int HashBytes = 16;

    public static string Compute(MigrationAssembly assembly, TypeDefinitionHandle type)
    {
        var text = new StringBuilder(256);
        Describe(assembly, type, text);
        var hash = Sha256(Encoding.UTF8.GetBytes(text.ToString()));

        var checksum = new StringBuilder(Kind.Length + 1 + (2 * HashBytes)).Append(Kind).Append(':');
        for (var i = 0; i < HashBytes; i++)
        {
            checksum.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return checksum.ToString();
    }

#if NET
    private static byte[] Sha256(byte[] data) => SHA256.HashData(data);
#else
    private static byte[] Sha256(byte[] data)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(data);
    }
#endif

    private static void Describe(MigrationAssembly assembly, TypeDefinitionHandle handle, StringBuilder text)
    {
        var reader = assembly.Reader;
        var type = reader.GetTypeDefinition(handle);
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            text.Append("\nm ").Append(Name(reader.GetString(method.Name)));
            if (method.RelativeVirtualAddress != 0)
            {
                var body = assembly.PEReader.GetMethodBody(method.RelativeVirtualAddress);
                Walk(reader, body.GetILReader(), text);
            }
        }

        // Lambdas and iterators compile into nested classes: what they do is part of the migration.
        foreach (var nested in type.GetNestedTypes())
        {
            Describe(assembly, nested, text);
        }
    }

    private static void Walk(MetadataReader reader, BlobReader il, StringBuilder text)
    {
        while (il.RemainingBytes > 0)
        {
            var opCode = ReadOpCode(ref il);
            switch (OperandOf(opCode))
            {
                case Operand.None:
                    if (opCode is >= ILOpCode.Ldc_i4_m1 and <= ILOpCode.Ldc_i4_8)
                    {
                        text.Append(" i").Append((int)opCode - (int)ILOpCode.Ldc_i4_0);
                    }

                    break;
                case Operand.Int8:
                    var small = il.ReadSByte();
                    if (opCode == ILOpCode.Ldc_i4_s)
                    {
                        text.Append(" i").Append(small);
                    }

                    break;
                case Operand.Int16:
                    il.ReadInt16();
                    break;
                case Operand.Int32:
                    var value = il.ReadInt32();
                    if (opCode == ILOpCode.Ldc_i4)
                    {
                        text.Append(" i").Append(value);
                    }

                    break;
                case Operand.Int64:
                    text.Append(" l").Append(il.ReadInt64());
                    break;
                case Operand.Single:
                    text.Append(" f").Append(il.ReadSingle().ToString("R", CultureInfo.InvariantCulture));
                    break;
                case Operand.Double:
                    text.Append(" d").Append(il.ReadDouble().ToString("R", CultureInfo.InvariantCulture));
                    break;
                case Operand.Switch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case Operand.String:
                    var literal = reader.GetUserString(MetadataTokens.UserStringHandle(il.ReadInt32() & 0xFFFFFF));
                    text.Append(" s").Append(literal.Length).Append(':').Append(literal);
                    break;
                case Operand.Token:
                    text.Append(' ').Append(TokenName(reader, MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
            }
        }
    }

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        var first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    /// <summary>A member or type by name, never by token: tokens renumber when anything else in the assembly changes.</summary>
    private static string TokenName(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                return TypeName(reader, method.GetDeclaringType()) + "::" + Name(reader.GetString(method.Name)) + "/" + ParameterCount(reader, method.Signature);
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                var parameters = member.GetKind() == MemberReferenceKind.Method ? "/" + ParameterCount(reader, member.Signature) : string.Empty;
                return TypeName(reader, member.Parent) + "::" + Name(reader.GetString(member.Name)) + parameters;
            case HandleKind.MethodSpecification:
                return TokenName(reader, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method) + "<>";
            case HandleKind.FieldDefinition:
                var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                return TypeName(reader, field.GetDeclaringType()) + "::" + Name(reader.GetString(field.Name));
            default:
                return TypeName(reader, handle);
        }
    }

    private static string TypeName(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                var definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                return reader.GetString(definition.Namespace) + "." + Name(reader.GetString(definition.Name));
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                return reader.GetString(reference.Namespace) + "." + Name(reader.GetString(reference.Name));
            case HandleKind.TypeSpecification:
                return "spec";
            case HandleKind.MethodDefinition:
            case HandleKind.MemberReference:
            case HandleKind.FieldDefinition:
                return TokenName(reader, handle);
            default:
                return handle.Kind.ToString();
        }
    }

    private static int ParameterCount(MetadataReader reader, BlobHandle signature)
    {
        var blob = reader.GetBlobReader(signature);
        if (blob.ReadSignatureHeader().IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        return blob.ReadCompressedInteger();
    }

    // Compiler-generated names (closures, lambdas, state machines) differ between Debug and Release builds.
    private static string Name(string name) => name.Length > 0 && name[0] == '<' ? "<generated>" : name;

    // The 'no.' prefix (0xFE 0x19) has no ILOpCode member.
    private const ILOpCode NoPrefix = (ILOpCode)0xFE19;

    private static Operand OperandOf(ILOpCode opCode)
    {
        switch (opCode)
        {
            case ILOpCode.Ldarg_s:
            case ILOpCode.Ldarga_s:
            case ILOpCode.Starg_s:
            case ILOpCode.Ldloc_s:
            case ILOpCode.Ldloca_s:
            case ILOpCode.Stloc_s:
            case ILOpCode.Ldc_i4_s:
            case ILOpCode.Unaligned:
            case NoPrefix:
                return Operand.Int8;
            case ILOpCode.Ldarg:
            case ILOpCode.Ldarga:
            case ILOpCode.Starg:
            case ILOpCode.Ldloc:
            case ILOpCode.Ldloca:
            case ILOpCode.Stloc:
                return Operand.Int16;
            case ILOpCode.Ldc_i4:
                return Operand.Int32;
            case ILOpCode.Ldc_i8:
                return Operand.Int64;
            case ILOpCode.Ldc_r4:
                return Operand.Single;
            case ILOpCode.Ldc_r8:
                return Operand.Double;
            case ILOpCode.Switch:
                return Operand.Switch;
            case ILOpCode.Ldstr:
                return Operand.String;
            case ILOpCode.Jmp:
            case ILOpCode.Call:
            case ILOpCode.Calli:
            case ILOpCode.Callvirt:
            case ILOpCode.Cpobj:
            case ILOpCode.Ldobj:
            case ILOpCode.Newobj:
            case ILOpCode.Castclass:
            case ILOpCode.Isinst:
            case ILOpCode.Unbox:
            case ILOpCode.Ldfld:
            case ILOpCode.Ldflda:
            case ILOpCode.Stfld:
            case ILOpCode.Ldsfld:
            case ILOpCode.Ldsflda:
            case ILOpCode.Stsfld:
            case ILOpCode.Stobj:
            case ILOpCode.Box:
            case ILOpCode.Newarr:
            case ILOpCode.Ldelema:
            case ILOpCode.Ldelem:
            case ILOpCode.Stelem:
            case ILOpCode.Unbox_any:
            case ILOpCode.Refanyval:
            case ILOpCode.Mkrefany:
            case ILOpCode.Ldtoken:
            case ILOpCode.Ldftn:
            case ILOpCode.Ldvirtftn:
            case ILOpCode.Initobj:
            case ILOpCode.Constrained:
            case ILOpCode.Sizeof:
                return Operand.Token;
            default:
                if (opCode.IsBranch())
                {
                    return opCode.GetBranchOperandSize() == 1 ? Operand.Int8 : Operand.Int32;
                }

                return Operand.None;
        }
    }

    private enum Operand
    {
        None,
        Int8,
        Int16,
        Int32,
        Int64,
        Single,
        Double,
        Switch,
        String,
        Token,
    }
}
