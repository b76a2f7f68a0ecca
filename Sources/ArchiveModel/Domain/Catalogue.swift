/// The default catalogue of document kinds, from the domain brief (seed 000, 篇3 4.2, and the
/// other seeds). `required` marks the checklist an envelope is checked against.
public enum Catalogue {
    /// The kinds a new archive starts with (its settings then hold and may change them).
    public static let defaults: [DocumentKind] = [
        // 1. 客户专用档案
        DocumentKind(name: "前期物业服务合同", group: .customer, required: true),
        DocumentKind(name: "临时管理规约", group: .customer, required: true),
        DocumentKind(name: "精神文明公约", group: .customer),
        DocumentKind(name: "消防安全责任书", group: .customer, required: true),
        DocumentKind(name: "身份证复印件", group: .customer, required: true, idMaterial: true, defaultSecrecy: .confidential),
        DocumentKind(name: "入住资料签收表", group: .customer, required: true),
        DocumentKind(name: "业主(住户)资料登记表", group: .customer, required: true, defaultSecrecy: .confidential),
        DocumentKind(name: "照片", group: .customer, idMaterial: true, defaultSecrecy: .confidential),
        DocumentKind(name: "车辆档案", group: .customer),
        DocumentKind(name: "房屋维修记录单", group: .customer),
        DocumentKind(name: "紧急情况联系授权书", group: .customer),
        DocumentKind(name: "租赁资料", group: .customer),
        DocumentKind(name: "水、电表底数确认单", group: .customer),
        DocumentKind(name: "代保管单元钥匙申请表", group: .customer),
        DocumentKind(name: "缴费记录", group: .customer),
        // 2. 客户装修档案
        DocumentKind(name: "装修申请表", group: .renovation),
        DocumentKind(name: "装修安全协议", group: .renovation),
        DocumentKind(name: "施工人员行为规范", group: .renovation),
        DocumentKind(name: "施工单位资质", group: .renovation),
        DocumentKind(name: "施工图纸", group: .renovation, defaultSecrecy: .secret),
        DocumentKind(name: "装修施工许可证", group: .renovation),
        DocumentKind(name: "装修验收记录表", group: .renovation),
        DocumentKind(name: "装修整改通知单", group: .renovation),
        DocumentKind(name: "装修管理协议", group: .renovation),
        DocumentKind(name: "装修垃圾清运协议", group: .renovation),
        DocumentKind(name: "禁止行为交底说明书", group: .renovation),
        DocumentKind(name: "装修现场监控记录表", group: .renovation),
        DocumentKind(name: "装修违规记录及照片", group: .renovation),
        // 3. 其他档案
        DocumentKind(name: "投诉记录", group: .other, destroyable: true),
        DocumentKind(name: "沟通记录", group: .other, destroyable: true),
        DocumentKind(name: "会议记录", group: .other, destroyable: true),
        DocumentKind(name: "满意度调查", group: .other, destroyable: true),
        DocumentKind(name: "品质监控资料", group: .other, destroyable: true),
        // 销售档案 (a separate sub-volume)
        DocumentKind(name: "购房合同复印件", group: .sales, defaultSecrecy: .confidential),
        DocumentKind(name: "认购书", group: .sales),
        DocumentKind(name: "按揭资料", group: .sales, defaultSecrecy: .secret),
        DocumentKind(name: "产权证明", group: .sales, defaultSecrecy: .topSecret),
    ]
}
