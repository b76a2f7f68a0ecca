import Foundation

/// What a person at the keyboard may do, by role (issue 15 point 6; seed 000 篇4 4, seed 003
/// 第6篇 4.5.2 "非档案管理人员不得干涉档案管理工作").
///
/// | | archivist 资料管理员 | approver 审批人 | staff 员工 | sales 销售 | login not in the staff list |
/// |---|---|---|---|---|---|
/// | names (ls, search) | ✓ | ✓ | ✓ | ✓ | ✓ |
/// | files and registers | ✓ | ✓ | ✓ | – | – |
/// | whole ID numbers and phones (recorded) | ✓ | ✓ | – | – | – |
/// | lend, return, file, edit, destroy, transfer, settings | ✓ | – | – | – | – |
/// | approve (`dangan approve`) | – | ✓ | – | – | – |
/// | staff list | ✓ | – | – | – | – |
public enum Permission: String, Sendable {
    case readFiles, readRegisters, revealNumbers, work, approve, manageStaff
}
