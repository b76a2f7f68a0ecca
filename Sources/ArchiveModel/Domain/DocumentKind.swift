import Foundation

/// One kind of document in the catalogue (seed 000 篇3 4.2).
public struct DocumentKind: Codable, Sendable, Equatable {
    /// The form's Chinese name, e.g. 身份证复印件; unique in the catalogue.
    public var name: String
    /// The group the kind is listed under on the envelope file list.
    public var group: DocumentGroup
    /// Part of the checklist every envelope is checked against.
    public var required: Bool
    /// Identity material: approval by the service-centre head, back the same day.
    public var idMaterial: Bool
    /// Secrecy a new document of this kind gets unless the archivist sets another.
    public var defaultSecrecy: Secrecy
    /// Expired material of this kind may be destroyed (with approval).
    public var destroyable: Bool
    /// A catalogue entry; by default optional, not identity material, not secret, not destroyable.
    public init(
        name: String, group: DocumentGroup, required: Bool = false, idMaterial: Bool = false,
        defaultSecrecy: Secrecy = .none, destroyable: Bool = false
    ) {
        self.name = name
        self.group = group
        self.required = required
        self.idMaterial = idMaterial
        self.defaultSecrecy = defaultSecrecy
        self.destroyable = destroyable
    }
}
