<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>AcceptanceRecordPanel</name>
    <message>
      <source>建设单位</source>
      <translation>Client</translation>
    </message>
    <message>
      <source>勘察单位</source>
      <translation>Survey unit</translation>
    </message>
    <message>
      <source>设计单位</source>
      <translation>Designer</translation>
    </message>
    <message>
      <source>施工单位</source>
      <translation>Contractor</translation>
    </message>
    <message>
      <source>监理单位</source>
      <translation>Supervisor</translation>
    </message>
    <message>
      <source>街道办事处</source>
      <translation>Street office</translation>
    </message>
    <message>
      <source>社区居委会</source>
      <translation>Community committee</translation>
    </message>
    <message>
      <source>居民代表</source>
      <translation>Residents' representatives</translation>
    </message>
    <message>
      <source>质量安全监督机构</source>
      <translation>Quality and safety supervision</translation>
    </message>
    <message>
      <source>物业服务企业</source>
      <translation>Property management company</translation>
    </message>
    <message>
      <source>验收日期</source>
      <translation>Inspection date(s)</translation>
    </message>
    <message>
      <source>开工日期</source>
      <translation>Start date</translation>
    </message>
    <message>
      <source>竣工日期</source>
      <translation>Completion date</translation>
    </message>
    <message>
      <source>合同名称</source>
      <translation>Contract</translation>
    </message>
    <message>
      <source>合同编号</source>
      <translation>Contract number</translation>
    </message>
    <message>
      <source>合同价款（元）</source>
      <translation>Contract price (yuan)</translation>
    </message>
    <message>
      <source>资金来源</source>
      <translation>Funding sources</translation>
    </message>
    <message>
      <source>实际完成的工程内容</source>
      <translation>Works actually done</translation>
    </message>
    <message>
      <source>本小区的验收记录</source>
      <translation>This estate's acceptance record</translation>
    </message>
    <message>
      <source>新增复验</source>
      <translation>New re-inspection</translation>
    </message>
    <message>
      <source>保存验收记录</source>
      <translation>Save acceptance record</translation>
    </message>
    <message>
      <source>如 2026-11-20，多日以逗号分隔</source>
      <translation>e.g. 2026-11-20; several days separated by commas</translation>
    </message>
    <message>
      <source>多项以“；”分隔</source>
      <translation>several separated by “；”</translation>
    </message>
    <message>
      <source>单位名称</source>
      <translation>Organisation</translation>
    </message>
    <message>
      <source>代表姓名</source>
      <translation>Representative</translation>
    </message>
    <message>
      <source>验收</source>
      <translation>Acceptance</translation>
    </message>
    <message>
      <source>首次验收</source>
      <translation>First inspection</translation>
    </message>
    <message>
      <source>整改后复验</source>
      <translation>Re-inspection after rectification</translation>
    </message>
    <message>
      <source>第 {0} 次：{1}</source>
      <translation>No. {0}: {1}</translation>
    </message>
    <message>
      <source>尚未记录（保存即新建首次验收）</source>
      <translation>None recorded (saving records the first inspection)</translation>
    </message>
    <message>
      <source>已保存</source>
      <translation>Saved</translation>
    </message>
    <message>
      <source>请先填写{0}的单位名称或代表姓名。</source>
      <translation>Type the {0}'s name or representative first.</translation>
    </message>
    <message>
      <source>{0}（{1}）签字</source>
      <translation>Signature of the {0} ({1})</translation>
    </message>
  </context>
  <context>
    <name>AcceptanceVerdictPanel</name>
    <message>
      <source>验收组仍同意通过…</source>
      <translation>Accept anyway…</translation>
    </message>
    <message>
      <source>在未整改项上仍同意通过时，记录记录人、时间和理由（印在报告上，记入审计日志）</source>
      <translation>Accept over open items: records who, when and why (printed on the report, kept in the audit log)</translation>
    </message>
    <message>
      <source>验收结论：{0}</source>
      <translation>Conclusion: {0}</translation>
    </message>
    <message>
      <source>报告将作为草稿打印（每页带“草稿”水印）。</source>
      <translation>The report will print as a draft (a DRAFT watermark on every page).</translation>
    </message>
    <message>
      <source>尚未检查 {0} 项：{1}{2}</source>
      <translation>Not yet inspected ({0}): {1}{2}</translation>
    </message>
    <message>
      <source>待整改问题 {0} 项</source>
      <translation>Problems to rectify: {0}</translation>
    </message>
    <message>
      <source>已由 {0} 于 {1} 记录同意通过，理由：{2}</source>
      <translation>Accepted by {0} on {1}, because: {2}</translation>
    </message>
    <message>
      <source>另有 {0} 条核查提示，见报告。</source>
      <translation>{0} more cross-checks: see the report.</translation>
    </message>
    <message>
      <source>验收组仍同意通过</source>
      <translation>Accept anyway</translation>
    </message>
    <message>
      <source>尚有未整改或不合格的项目。请写明验收组仍同意通过的理由；记录人（{0}）、时间和理由将印在报告上并记入审计日志。</source>
      <translation>Some items are failed or not rectified. Write why the acceptance team accepts anyway; the recorder ({0}), the time and the reason are printed on the report and kept in the audit log.</translation>
    </message>
    <message>
      <source>不能记录</source>
      <translation>Cannot record</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <source>老旧小区改造调查</source>
      <translation>Old-Estate Retrofit Survey</translation>
    </message>
    <message>
      <source>正在生成示范项目…</source>
      <translation>Building the demo project…</translation>
    </message>
  </context>
  <context>
    <name>BackupsDialog</name>
    <message>
      <source>合并外业副本前</source>
      <translation>Before merging a field copy</translation>
    </message>
    <message>
      <source>升级数据版本前</source>
      <translation>Before upgrading the data version</translation>
    </message>
    <message>
      <source>恢复备份前</source>
      <translation>Before restoring a backup</translation>
    </message>
    <message>
      <source>定时备份</source>
      <translation>Scheduled backup</translation>
    </message>
    <message>
      <source>手动备份</source>
      <translation>Manual backup</translation>
    </message>
    <message>
      <source>备份</source>
      <translation>Backups</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <source>立即备份</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>恢复所选备份…</source>
      <translation>Restore Selected Backup…</translation>
    </message>
    <message>
      <source>恢复时，当前内容会先另存为一份备份，因此恢复也可以撤回。</source>
      <translation>Before a restore the current content is saved as a backup, so a restore can be undone too.</translation>
    </message>
    <message>
      <source>恢复备份</source>
      <translation>Restore backup</translation>
    </message>
    <message>
      <source>用备份 {0} 替换当前项目的全部内容？当前内容会先另存为一份备份。</source>
      <translation>Replace the whole project with the backup {0}? The current content is saved as a backup first.</translation>
    </message>
  </context>
  <context>
    <name>BeforeAfterDialog</name>
    <message>
      <source>改造前后对比</source>
      <translation>Before and after the retrofit</translation>
    </message>
  </context>
  <context>
    <name>BuildingDialog</name>
    <message>
      <source>砖混</source>
      <translation>Brick-concrete</translation>
    </message>
    <message>
      <source>框架</source>
      <translation>Frame</translation>
    </message>
    <message>
      <source>砖木</source>
      <translation>Brick-timber</translation>
    </message>
    <message>
      <source>剪力墙</source>
      <translation>Shear wall</translation>
    </message>
    <message>
      <source>框剪</source>
      <translation>Frame-shear wall</translation>
    </message>
    <message>
      <source>新建楼栋</source>
      <translation>New Building</translation>
    </message>
    <message>
      <source>编辑楼栋</source>
      <translation>Edit Building</translation>
    </message>
    <message>
      <source>如：3幢</source>
      <translation>e.g. Building 3</translation>
    </message>
    <message>
      <source>如：6</source>
      <translation>e.g. 6</translation>
    </message>
    <message>
      <source>如：1988</source>
      <translation>e.g. 1988</translation>
    </message>
    <message>
      <source>（未鉴定）</source>
      <translation>(not assessed)</translation>
    </message>
    <message>
      <source>名称(&amp;M)</source>
      <translation>&amp;Name</translation>
    </message>
    <message>
      <source>层数(&amp;F)</source>
      <translation>&amp;Storeys</translation>
    </message>
    <message>
      <source>结构(&amp;S)</source>
      <translation>S&amp;tructure</translation>
    </message>
    <message>
      <source>建成年份(&amp;Y)</source>
      <translation>&amp;Year built</translation>
    </message>
    <message>
      <source>安全等级(&amp;G)</source>
      <translation>Safety &amp;grade</translation>
    </message>
    <message>
      <source>备注(&amp;O)</source>
      <translation>N&amp;ote</translation>
    </message>
    <message>
      <source>保存后在地图上重画轮廓(&amp;P)</source>
      <translation>Redraw its footprint on the ma&amp;p after saving</translation>
    </message>
    <message>
      <source>保存后在地图上绘制轮廓(&amp;P)</source>
      <translation>Draw its footprint on the ma&amp;p after saving</translation>
    </message>
    <message>
      <source>不勾选：楼栋可以没有轮廓，以后在“地图”页绘制。</source>
      <translation>Unticked: a building may have no footprint; draw it later on the Map tab.</translation>
    </message>
  </context>
  <context>
    <name>ChainCheckDialog</name>
    <message>
      <source>检查证据链</source>
      <translation>Check the evidence chain</translation>
    </message>
    <message>
      <source>重新检查</source>
      <translation>Check again</translation>
    </message>
    <message>
      <source>核对每条表决、复核、意见、检查结果、整改问题、验收记录和照片是否与证据链一致：在程序之外改动、删除的记录，以及被删改的证据链条目或审计记录，都会逐条列出。</source>
      <translation>Checks every vote, review, opinion, checklist answer, defect, acceptance record and photo against the evidence chain: records changed or deleted outside the program, and chain or audit entries deleted or altered, are listed one by one.</translation>
    </message>
    <message>
      <source>正在检查证据链…</source>
      <translation>Checking the evidence chain…</translation>
    </message>
    <message>
      <source>检查已取消。</source>
      <translation>The check was cancelled.</translation>
    </message>
    <message>
      <source>检查没有完成。</source>
      <translation>The check did not finish.</translation>
    </message>
  </context>
  <context>
    <name>ChecklistTree</name>
    <message>
      <source>条目</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Stage</translation>
    </message>
    <message>
      <source>答案</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>备注</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>依据</source>
      <translation>Basis</translation>
    </message>
    <message>
      <source>（选填）</source>
      <translation>(optional)</translation>
    </message>
    <message>
      <source> · 整改</source>
      <translation> · rectification</translation>
    </message>
  </context>
  <context>
    <name>ChecklistsTab</name>
    <message>
      <source>全部条目</source>
      <translation>All items</translation>
    </message>
    <message>
      <source>未答</source>
      <translation>Unanswered</translation>
    </message>
    <message>
      <source>不合格</source>
      <translation>Fail</translation>
    </message>
    <message>
      <source>有整改问题</source>
      <translation>With rectification items</translation>
    </message>
    <message>
      <source>按模板建立检查清单</source>
      <translation>Make a checklist from a template</translation>
    </message>
    <message>
      <source>模板管理…</source>
      <translation>Templates…</translation>
    </message>
    <message>
      <source>导出…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>键盘：↑↓ 移动 · Y 是/合格 · N 否/不合格 · A 不适用 · 1–9 选项 · Enter 下一项或输入 · Delete 清除 · ○ 选填</source>
      <translation>Keys: ↑↓ move · Y yes/pass · N no/fail · A not applicable · 1–9 option · Enter next or type · Delete clear · ○ optional</translation>
    </message>
    <message>
      <source>请在左侧选择小区、楼栋或单元。</source>
      <translation>Choose an estate, building or unit on the left.</translation>
    </message>
    <message>
      <source>检查清单</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>显示</source>
      <translation>Show</translation>
    </message>
    <message>
      <source>此处还没有检查清单。点“按模板建立检查清单”建立。</source>
      <translation>There is no checklist here yet. Click “Make a checklist from a template”.</translation>
    </message>
    <message>
      <source>  · 模板有新版 v{0}，可在“模板管理”中升级</source>
      <translation>  · template v{0} is out: upgrade in Templates…</translation>
    </message>
    <message>
      <source>必填已答 {0} / {1}</source>
      <translation>Required answered {0} / {1}</translation>
    </message>
    <message>
      <source>不合格 {0} 项 · 未关闭整改 {1} 个</source>
      <translation>{0} failed items · {1} open rectifications</translation>
    </message>
    <message>
      <source>回答“{0}”</source>
      <translation>Answer “{0}”</translation>
    </message>
    <message>
      <source>新增整改问题</source>
      <translation>New rectification item</translation>
    </message>
    <message>
      <source>问题描述：</source>
      <translation>Problem:</translation>
    </message>
    <message>
      <source>导出检查清单</source>
      <translation>Export checklist</translation>
    </message>
    <message>
      <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
      <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
      <source>已导出 {0} 行到 {1}</source>
      <translation>Exported {0} rows to {1}</translation>
    </message>
  </context>
  <context>
    <name>ConflictsDialog</name>
    <message>
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>记录</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>位置</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>办公室的值</source>
      <translation>Office value</translation>
    </message>
    <message>
      <source>办公室：谁、何时</source>
      <translation>Office: who, when</translation>
    </message>
    <message>
      <source>外业的值</source>
      <translation>Field value</translation>
    </message>
    <message>
      <source>外业：谁、何时</source>
      <translation>Field: who, when</translation>
    </message>
    <message>
      <source>合并冲突</source>
      <translation>Merge conflicts</translation>
    </message>
    <message>
      <source>保留办公室的值</source>
      <translation>Keep the office value</translation>
    </message>
    <message>
      <source>采用外业的值</source>
      <translation>Take the field value</translation>
    </message>
    <message>
      <source>合并时双方改了同一字段，程序保留了办公室的值。请逐项决定：{0} 项待处理。</source>
      <translation>Both sides changed the same field; the office value was kept. Decide each one: {0} left.</translation>
    </message>
    <message>
      <source>其中 {0} 项是一方删除了记录、另一方改过它：记录按办公室的状态保留，“采用外业的值”则按外业删除或恢复它。</source>
      <translation>{0} of them are records one side deleted and the other edited: the record stays as the office has it, and “Take the field value” deletes or restores it as the field copy has it.</translation>
    </message>
    <message>
      <source>没有待处理的冲突。</source>
      <translation>No conflicts are waiting.</translation>
    </message>
  </context>
  <context>
    <name>ConsultationPanes</name>
    <message>
      <source>表决统计</source>
      <translation>Tally</translation>
    </message>
    <message>
      <source>规则</source>
      <translation>Rule</translation>
    </message>
    <message>
      <source>反对意见与公示异议</source>
      <translation>Objections and notice objections</translation>
    </message>
    <message>
      <source>表决记录（谁、何时、改了什么）</source>
      <translation>Vote history (who, when, what changed)</translation>
    </message>
  </context>
  <context>
    <name>ConsultationTab</name>
    <message>
      <source>按各征询的规则</source>
      <translation>By each consultation's rule</translation>
    </message>
    <message>
      <source>导入名册…</source>
      <translation>Import Roster…</translation>
    </message>
    <message>
      <source>记录表决…</source>
      <translation>Record Vote…</translation>
    </message>
    <message>
      <source>核实</source>
      <translation>Verify</translation>
    </message>
    <message>
      <source>有争议…</source>
      <translation>Disputed…</translation>
    </message>
    <message>
      <source>开始公示…</source>
      <translation>Post Notice…</translation>
    </message>
    <message>
      <source>记录意见…</source>
      <translation>Record Opinion…</translation>
    </message>
    <message>
      <source>审核结论…</source>
      <translation>Review…</translation>
    </message>
    <message>
      <source>请在左侧的小区树中选择小区、楼栋或单元。</source>
      <translation>Choose an estate, building or unit in the tree on the left.</translation>
    </message>
    <message>
      <source>导入住户名册(&amp;I)…</source>
      <translation>&amp;Import Household Roster…</translation>
    </message>
    <message>
      <source>{0}：{1} 户</source>
      <translation>{0}: {1} households</translation>
    </message>
    <message>
      <source>居民意见建议：</source>
      <translation>Residents' suggestions: </translation>
    </message>
    <message>
      <source>满意度 {0}（{1} 份）</source>
      <translation>Satisfaction {0} ({1} responses)</translation>
    </message>
    <message>
      <source>业主签名 {0}</source>
      <translation>Owner's signature {0}</translation>
    </message>
    <message>
      <source>撤回签名 {0}</source>
      <translation>Withdraw signature {0}</translation>
    </message>
    <message>
      <source>{0} 的业主已签名。</source>
      <translation>The owner of {0} signed.</translation>
    </message>
    <message>
      <source>已撤回 {0} 的业主签名。</source>
      <translation>Withdrew the signature of the owner of {0}.</translation>
    </message>
    <message>
      <source>表决意见 {0}{1}{2}</source>
      <translation>Vote {0}{1}{2}</translation>
    </message>
    <message>
      <source>已记录 {0} 的表决意见。</source>
      <translation>Recorded the vote of {0}.</translation>
    </message>
    <message>
      <source>请先选择一户已有表决意见的住户。</source>
      <translation>Choose a household that has a vote first.</translation>
    </message>
    <message>
      <source>有争议</source>
      <translation>Disputed</translation>
    </message>
    <message>
      <source>调解情况：</source>
      <translation>Mediation:</translation>
    </message>
    <message>
      <source>居委会</source>
      <translation>Neighbourhood committee</translation>
    </message>
    <message>
      <source>核实 {0}{1}{2}</source>
      <translation>Review {0}{1}{2}</translation>
    </message>
    <message>
      <source>开始公示</source>
      <translation>Post notice</translation>
    </message>
    <message>
      <source>公示天数：</source>
      <translation>Notice period (days):</translation>
    </message>
    <message>
      <source>公示无异议</source>
      <translation>No objection to notice</translation>
    </message>
    <message>
      <source>已完成</source>
      <translation>Completed</translation>
    </message>
    <message>
      <source>审核结论</source>
      <translation>Review result</translation>
    </message>
    <message>
      <source>结论：</source>
      <translation>Conclusion:</translation>
    </message>
    <message>
      <source>全小区</source>
      <translation>Whole estate</translation>
    </message>
  </context>
  <context>
    <name>DashboardTab</name>
    <message>
      <source>指标</source>
      <translation>Figure</translation>
    </message>
    <message>
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>目标</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>完成率</source>
      <translation>Of target</translation>
    </message>
    <message>
      <source>未能计入</source>
      <translation>Not counted</translation>
    </message>
    <message>
      <source>双击“目标”一格，可填写本期、本区的计划目标（投资以万元计）。</source>
      <translation>Double-click a cell in the Target column to type the plan's target for this period and district (investment in 10,000 yuan).</translation>
    </message>
    <message>
      <source>点击一个数字或图中的柱、扇区，查看其所涉小区。</source>
      <translation>Click a figure, a bar or a slice to list the estates behind it.</translation>
    </message>
    <message>
      <source>区</source>
      <translation>District</translation>
    </message>
    <message>
      <source>街道</source>
      <translation>Street</translation>
    </message>
    <message>
      <source>批次</source>
      <translation>Batch</translation>
    </message>
    <message>
      <source>期间</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <source>统计</source>
      <translation>Dashboard</translation>
    </message>
    <message>
      <source>修改计划目标“{0}”</source>
      <translation>Change the plan target “{0}”</translation>
    </message>
    <message>
      <source>{0}：{1} 个小区计入，{2} 个未能计入（缺日期或数值）</source>
      <translation>{0}: {1} estates counted, {2} not counted (a date or figure is missing)</translation>
    </message>
    <message>
      <source>（未计入）</source>
      <translation> (not counted)</translation>
    </message>
    <message>
      <source>{0}（{1}）{2}{3}</source>
      <translation>{0} ({1}) {2} {3}</translation>
    </message>
  </context>
  <context>
    <name>DefectsPanel</name>
    <message>
      <source>整改问题</source>
      <translation>Rectification items</translation>
    </message>
    <message>
      <source>问题</source>
      <translation>Problem</translation>
    </message>
    <message>
      <source>责任方</source>
      <translation>Responsible party</translation>
    </message>
    <message>
      <source>整改期限</source>
      <translation>Rectify by</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>标记已整改</source>
      <translation>Mark rectified</translation>
    </message>
    <message>
      <source>复核通过</source>
      <translation>Recheck passed</translation>
    </message>
    <message>
      <source>复核未通过</source>
      <translation>Recheck failed</translation>
    </message>
    <message>
      <source>新增问题…</source>
      <translation>New Item…</translation>
    </message>
    <message>
      <source>整改问题：{0} 个未关闭，共 {1} 个</source>
      <translation>Rectification items: {0} open of {1}</translation>
    </message>
  </context>
  <context>
    <name>Dialogs</name>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>无法完成操作</source>
      <translation>Cannot complete the action</translation>
    </message>
    <message>
      <source>发生了意外错误，刚才的操作没有完成，也没有保存任何半成品。程序可以继续使用。</source>
      <translation>An unexpected error occurred. The last action was not completed and nothing half-done was saved. You can keep working.</translation>
    </message>
    <message>
      <source>错误信息：{0}</source>
      <translation>Error message: {0}</translation>
    </message>
    <message>
      <source>详细情况已记录在日志文件 {0}，请把它发给技术支持。</source>
      <translation>The details are in the log file {0}; please send it to technical support.</translation>
    </message>
    <message>
      <source>程序出错</source>
      <translation>Program error</translation>
    </message>
  </context>
  <context>
    <name>EstateDialog</name>
    <message>
      <source>新建小区</source>
      <translation>New Estate</translation>
    </message>
    <message>
      <source>编辑小区</source>
      <translation>Edit Estate</translation>
    </message>
    <message>
      <source>如：清凉山小区</source>
      <translation>e.g. Qingliangshan Estate</translation>
    </message>
    <message>
      <source>如：1988</source>
      <translation>e.g. 1988</translation>
    </message>
    <message>
      <source>经度，如 118.7788</source>
      <translation>Longitude, e.g. 118.7788</translation>
    </message>
    <message>
      <source>纬度，如 32.0572</source>
      <translation>Latitude, e.g. 32.0572</translation>
    </message>
    <message>
      <source>保存后在地图上点选位置(&amp;P)</source>
      <translation>&amp;Pick its place on the map after saving</translation>
    </message>
    <message>
      <source>保存后在地图上重新点选位置(&amp;P)</source>
      <translation>&amp;Pick its new place on the map after saving</translation>
    </message>
    <message>
      <source>名称(&amp;M)</source>
      <translation>&amp;Name</translation>
    </message>
    <message>
      <source>区(&amp;D)</source>
      <translation>&amp;District</translation>
    </message>
    <message>
      <source>街道(&amp;S)</source>
      <translation>&amp;Street</translation>
    </message>
    <message>
      <source>社区(&amp;C)</source>
      <translation>&amp;Community</translation>
    </message>
    <message>
      <source>地址(&amp;A)</source>
      <translation>&amp;Address</translation>
    </message>
    <message>
      <source>编号(&amp;B)</source>
      <translation>Co&amp;de</translation>
    </message>
    <message>
      <source>建成年份(&amp;Y)</source>
      <translation>&amp;Year built</translation>
    </message>
    <message>
      <source>经纬度(&amp;L)</source>
      <translation>&amp;Lon / lat</translation>
    </message>
    <message>
      <source>经纬度</source>
      <translation>Lon / lat</translation>
    </message>
    <message>
      <source>留空自动编号：{0}</source>
      <translation>Leave empty for the next code: {0}</translation>
    </message>
    <message>
      <source>留空自动编号</source>
      <translation>Leave empty for the next code</translation>
    </message>
  </context>
  <context>
    <name>EstateTree</name>
    <message>
      <source>搜索小区：名称、编号、地址、区、街道</source>
      <translation>Search estates: name, code, address, district, street</translation>
    </message>
    <message>
      <source>新建小区(&amp;N)…</source>
      <translation>&amp;New Estate…</translation>
    </message>
    <message>
      <source>未打开项目。请用“文件”菜单新建或打开一个项目。</source>
      <translation>No project is open. Create or open one from the File menu.</translation>
    </message>
    <message>
      <source>还没有小区。先新建一个小区，再在它下面添加楼栋、单元和住户。</source>
      <translation>No estates yet. Create an estate first, then add its buildings, units and households.</translation>
    </message>
    <message>
      <source>这个项目里没有小区。</source>
      <translation>This project has no estates.</translation>
    </message>
  </context>
  <context>
    <name>ExchangeActions</name>
    <message>
      <source>导出外业副本(&amp;E)…</source>
      <translation>&amp;Export Field Copy…</translation>
    </message>
    <message>
      <source>合并外业副本(&amp;M)…</source>
      <translation>&amp;Merge Field Copy…</translation>
    </message>
    <message>
      <source>合并冲突(&amp;C)…</source>
      <translation>Merge &amp;Conflicts…</translation>
    </message>
    <message>
      <source>备份(&amp;B)…</source>
      <translation>&amp;Backups…</translation>
    </message>
    <message>
      <source>-外业副本</source>
      <translation>-field copy</translation>
    </message>
    <message>
      <source>已导出外业副本 {0}（{1} 个小区）。</source>
      <translation>Exported the field copy {0} ({1} estates).</translation>
    </message>
    <message>
      <source>正在导出外业副本…</source>
      <translation>Exporting the field copy…</translation>
    </message>
    <message>
      <source>选择要合并的外业副本</source>
      <translation>Choose the field copy to merge</translation>
    </message>
    <message>
      <source>正在合并外业副本…</source>
      <translation>Merging the field copy…</translation>
    </message>
    <message>
      <source>合并外业副本</source>
      <translation>Merge field copy</translation>
    </message>
    <message>
      <source>该外业副本已合并过（或没有修改），未做任何改动。</source>
      <translation>This field copy was merged before (or has no changes); nothing was changed.</translation>
    </message>
    <message>
      <source>已合并：{0} 处修改，用时 {1} 秒。合并前的项目已备份。</source>
      <translation>Merged: {0} changes in {1} s. The project was backed up before the merge.</translation>
    </message>
    <message>
      <source>外业新增的小区“{0}”编号 {1} 在办公室已有别的小区使用，已改为 {2}。</source>
      <translation>The field's new estate “{0}” had code {1}, which the office uses for another estate; it is now {2}.</translation>
    </message>
    <message>
      <source>有 {0} 个字段双方都改过，暂时保留了办公室的值，请逐项决定。</source>
      <translation>{0} fields were changed on both sides; the office values are kept for now. Please decide each one.</translation>
    </message>
    <message>
      <source>已备份到 {0}</source>
      <translation>Backed up to {0}</translation>
    </message>
    <message>
      <source>正在备份…</source>
      <translation>Backing up…</translation>
    </message>
    <message>
      <source>已从备份恢复；恢复前的内容另存为 {0}</source>
      <translation>Restored from the backup; the content before it was saved as {0}</translation>
    </message>
    <message>
      <source>正在从备份恢复…</source>
      <translation>Restoring from the backup…</translation>
    </message>
    <message>
      <source>已自动备份到 {0}</source>
      <translation>Automatically backed up to {0}</translation>
    </message>
    <message>
      <source>正在自动备份…</source>
      <translation>Making the scheduled backup…</translation>
    </message>
    <message>
      <source>磁盘空间不足</source>
      <translation>Disk space running low</translation>
    </message>
    <message>
      <source>备份已停止，没有留下不完整的备份；已存好的照片下次备份不必再复制。</source>
      <translation>Backup stopped; no incomplete backup was left. Photos already stored need not be copied again next time.</translation>
    </message>
  </context>
  <context>
    <name>ExportPackageDialog</name>
    <message>
      <source>导出外业副本</source>
      <translation>Export field copy</translation>
    </message>
    <message>
      <source>不含业主电话和身份证号（同事不需要时勾选）</source>
      <translation>Leave out owners' phone and ID numbers (tick when the colleague does not need them)</translation>
    </message>
    <message>
      <source>带完整的身份证号和电话（默认遮盖为 320102********1234、138****1234）</source>
      <translation>Carry full ID and phone numbers (masked by default as 320102********1234, 138****1234)</translation>
    </message>
    <message>
      <source>注意：副本将带有业主完整的身份证号和电话。请只交给需要的同事，妥善保管，用完删除。</source>
      <translation>Warning: the copy will hold owners' full ID and phone numbers. Hand it only to a colleague who needs them, keep it safe and delete it after use.</translation>
    </message>
    <message>
      <source>选择…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>副本是一个普通的项目文件，可在另一台电脑上打开和修改；带回后用“合并外业副本”并入本项目。</source>
      <translation>The copy is an ordinary project file that can be opened and edited on another computer; when it comes back, use “Merge field copy” to bring it into this project.</translation>
    </message>
    <message>
      <source>导出</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>要交给同事的小区：</source>
      <translation>Estates to hand to the colleague:</translation>
    </message>
    <message>
      <source>保存到：</source>
      <translation>Save to:</translation>
    </message>
    <message>
      <source>外业副本保存到</source>
      <translation>Save the field copy to</translation>
    </message>
  </context>
  <context>
    <name>FileWatch</name>
    <message>
      <source>项目 {0} 已在另一个程序中打开，本窗口以只读方式打开。</source>
      <translation>The project {0} is open in another program; this window opened it read-only.</translation>
    </message>
    <message>
      <source>项目 {0} 已由 {1} 在 {2} 上打开（自 {3} 起，进程 {4}），本窗口以只读方式打开。</source>
      <translation>The project {0} is open by {1} on {2} (since {3}, process {4}); this window opened it read-only.</translation>
    </message>
    <message>
      <source>项目 {0} 已由 {1} 在 {2} 上打开（进程 {3}），本窗口以只读方式打开。</source>
      <translation>The project {0} is open by {1} on {2} (process {3}); this window opened it read-only.</translation>
    </message>
  </context>
  <context>
    <name>FirstRunDialog</name>
    <message>
      <source>欢迎使用老旧小区改造调查</source>
      <translation>Welcome to the Retrofit Survey</translation>
    </message>
    <message>
      <source>打开用户指南(&amp;G)</source>
      <translation>Open the User &amp;Guide</translation>
    </message>
    <message>
      <source>开始使用(&amp;S)</source>
      <translation>&amp;Start</translation>
    </message>
  </context>
  <context>
    <name>HierarchyActions</name>
    <message>
      <source>新建小区(&amp;E)…</source>
      <translation>New &amp;Estate…</translation>
    </message>
    <message>
      <source>新建楼栋(&amp;B)…</source>
      <translation>New &amp;Building…</translation>
    </message>
    <message>
      <source>新建单元(&amp;N)…</source>
      <translation>New U&amp;nit…</translation>
    </message>
    <message>
      <source>新建住户(&amp;H)…</source>
      <translation>New &amp;Household…</translation>
    </message>
    <message>
      <source>单元住户(&amp;L)…</source>
      <translation>Households of the &amp;Unit…</translation>
    </message>
    <message>
      <source>编辑所选(&amp;I)…</source>
      <translation>Ed&amp;it Selected…</translation>
    </message>
    <message>
      <source>删除所选(&amp;D)…</source>
      <translation>&amp;Delete Selected…</translation>
    </message>
    <message>
      <source>回收站(&amp;T)…</source>
      <translation>&amp;Trash…</translation>
    </message>
    <message>
      <source>小区</source>
      <translation>estate</translation>
    </message>
    <message>
      <source>楼栋</source>
      <translation>building</translation>
    </message>
    <message>
      <source>单元</source>
      <translation>unit</translation>
    </message>
    <message>
      <source>住户</source>
      <translation>household</translation>
    </message>
    <message>
      <source>新建{0}“{1}”</source>
      <translation>add {0} “{1}”</translation>
    </message>
    <message>
      <source>已{0}。</source>
      <translation>Done: {0}.</translation>
    </message>
    <message>
      <source>编辑{0}“{1}”</source>
      <translation>edit {0} “{1}”</translation>
    </message>
    <message>
      <source>它的楼栋、单元和住户随它一起移入回收站。</source>
      <translation>Its buildings, units and households go to the trash with it. </translation>
    </message>
    <message>
      <source>它的单元和住户随它一起移入回收站。</source>
      <translation>Its units and households go to the trash with it. </translation>
    </message>
    <message>
      <source>它的住户随它一起移入回收站。</source>
      <translation>Its households go to the trash with it. </translation>
    </message>
    <message>
      <source>删除{0}“{1}”？</source>
      <translation>Delete the {0} “{1}”?</translation>
    </message>
    <message>
      <source>可以撤销，也可以从“编辑 → 回收站”恢复。</source>
      <translation>You can undo this, or restore it from Edit → Trash.</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>删除{0}“{1}”</source>
      <translation>delete {0} “{1}”</translation>
    </message>
    <message>
      <source>已{0}，可撤销。</source>
      <translation>Done: {0} (can be undone).</translation>
    </message>
    <message>
      <source>恢复{0}“{1}”</source>
      <translation>restore {0} “{1}”</translation>
    </message>
  </context>
  <context>
    <name>HouseholdDialog</name>
    <message>
      <source>个人</source>
      <translation>Individual</translation>
    </message>
    <message>
      <source>开发商未售</source>
      <translation>Developer, unsold</translation>
    </message>
    <message>
      <source>单位</source>
      <translation>Organisation</translation>
    </message>
    <message>
      <source>新建住户</source>
      <translation>New Household</translation>
    </message>
    <message>
      <source>编辑住户</source>
      <translation>Edit Household</translation>
    </message>
    <message>
      <source>如：302</source>
      <translation>e.g. 302</translation>
    </message>
    <message>
      <source>如：3</source>
      <translation>e.g. 3</translation>
    </message>
    <message>
      <source>平方米，如 56.3</source>
      <translation>Square metres, e.g. 56.3</translation>
    </message>
    <message>
      <source>出租(&amp;T)</source>
      <translation>Ren&amp;ted out</translation>
    </message>
    <message>
      <source>租户姓名（可不填）</source>
      <translation>Tenant's name (optional)</translation>
    </message>
    <message>
      <source>室号(&amp;R)</source>
      <translation>&amp;Room</translation>
    </message>
    <message>
      <source>楼层(&amp;F)</source>
      <translation>&amp;Floor</translation>
    </message>
    <message>
      <source>面积（㎡）(&amp;A)</source>
      <translation>&amp;Area (m²)</translation>
    </message>
    <message>
      <source>类型(&amp;K)</source>
      <translation>&amp;Kind</translation>
    </message>
    <message>
      <source>租户(&amp;E)</source>
      <translation>T&amp;enant</translation>
    </message>
    <message>
      <source>备注(&amp;O)</source>
      <translation>N&amp;ote</translation>
    </message>
    <message>
      <source>产权人(&amp;W)：共有人依次一行一位</source>
      <translation>O&amp;wners: one co-owner per row, in order</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>身份证号</source>
      <translation>ID number</translation>
    </message>
    <message>
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>添加产权人(&amp;N)</source>
      <translation>Add Ow&amp;ner</translation>
    </message>
    <message>
      <source>移除产权人(&amp;V)</source>
      <translation>Remo&amp;ve Owner</translation>
    </message>
  </context>
  <context>
    <name>HouseholdVoteModel</name>
    <message>
      <source>楼栋</source>
      <translation>Building</translation>
    </message>
    <message>
      <source>单元</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>房号</source>
      <translation>Room</translation>
    </message>
    <message>
      <source>楼层</source>
      <translation>Floor</translation>
    </message>
    <message>
      <source>面积㎡</source>
      <translation>Area m²</translation>
    </message>
    <message>
      <source>产权人</source>
      <translation>Owner</translation>
    </message>
    <message>
      <source>意见</source>
      <translation>Opinion</translation>
    </message>
    <message>
      <source>方式</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>反对理由</source>
      <translation>Reason for objection</translation>
    </message>
    <message>
      <source>审核</source>
      <translation>Review</translation>
    </message>
    <message>
      <source>出租</source>
      <translation>Rented</translation>
    </message>
    <message>
      <source>证件号</source>
      <translation>ID number</translation>
    </message>
    <message>
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>同意</source>
      <translation>Agree</translation>
    </message>
    <message>
      <source>反对</source>
      <translation>Object</translation>
    </message>
    <message>
      <source>弃权</source>
      <translation>Abstain</translation>
    </message>
    <message>
      <source>未联系上</source>
      <translation>Not reached</translation>
    </message>
    <message>
      <source>未征询</source>
      <translation>Not consulted</translation>
    </message>
    <message>
      <source>当面</source>
      <translation>In person</translation>
    </message>
    <message>
      <source>短信</source>
      <translation>SMS</translation>
    </message>
    <message>
      <source>信函</source>
      <translation>Letter</translation>
    </message>
    <message>
      <source>已核实</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>有争议</source>
      <translation>Disputed</translation>
    </message>
    <message>
      <source>是</source>
      <translation>Yes</translation>
    </message>
  </context>
  <context>
    <name>HouseholdsDialog</name>
    <message>
      <source>住户：{0}</source>
      <translation>Households: {0}</translation>
    </message>
    <message>
      <source>室号</source>
      <translation>Room</translation>
    </message>
    <message>
      <source>楼层</source>
      <translation>Floor</translation>
    </message>
    <message>
      <source>面积（㎡）</source>
      <translation>Area (m²)</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>产权人</source>
      <translation>Owners</translation>
    </message>
    <message>
      <source>显示已删除(&amp;S)</source>
      <translation>&amp;Show deleted</translation>
    </message>
    <message>
      <source>新建住户(&amp;N)…</source>
      <translation>&amp;New Household…</translation>
    </message>
    <message>
      <source>编辑(&amp;E)…</source>
      <translation>&amp;Edit…</translation>
    </message>
    <message>
      <source>删除(&amp;D)</source>
      <translation>&amp;Delete</translation>
    </message>
    <message>
      <source>恢复(&amp;R)</source>
      <translation>&amp;Restore</translation>
    </message>
    <message>
      <source>已删除</source>
      <translation>Deleted</translation>
    </message>
  </context>
  <context>
    <name>IdentityQuestionsPanel</name>
    <message>
      <source>业主身份待确认（确认前不能得出表决结论）</source>
      <translation>Owners to identify (no result can be concluded until then)</translation>
    </message>
    <message>
      <source>同名，一处有证件号、一处没有</source>
      <translation>Same name, with an ID number in one place and none in another</translation>
    </message>
    <message>
      <source>同名，证件号不同</source>
      <translation>Same name, different ID numbers</translation>
    </message>
    <message>
      <source>同名，均无证件号</source>
      <translation>Same name, no ID number</translation>
    </message>
    <message>
      <source>同一证件号，姓名不同</source>
      <translation>One ID number, different names</translation>
    </message>
    <message>
      <source>共有人部分相同，是否同一买受人</source>
      <translation>Co-owners in part the same: one buyer or not</translation>
    </message>
    <message>
      <source>请居委会核实后选择：</source>
      <translation>The committee checks, then chooses:</translation>
    </message>
    <message>
      <source>同一人</source>
      <translation>Same person</translation>
    </message>
    <message>
      <source>是同一人（共有人：同一买受人），按一人计算</source>
      <translation>The same person (for co-owners: one buyer), counted once</translation>
    </message>
    <message>
      <source>不同人</source>
      <translation>Different people</translation>
    </message>
    <message>
      <source>是不同的人，分别计算</source>
      <translation>Different people, each counted</translation>
    </message>
    <message>
      <source>{0}：{1}（{2}）</source>
      <translation>{0}: {1} ({2})</translation>
    </message>
    <message>
      <source>（与其他决定矛盾，请重新确认）</source>
      <translation>(contradicted by other decisions: decide again)</translation>
    </message>
    <message>
      <source>身份核实 {0}：{1}</source>
      <translation>Identity {0}: {1}</translation>
    </message>
    <message>
      <source>已记录：{0}</source>
      <translation>Recorded: {0}</translation>
    </message>
  </context>
  <context>
    <name>JobRunner</name>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>正在取消…</source>
      <translation>Cancelling…</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>关于</source>
      <translation>About</translation>
    </message>
    <message>
      <source>文件(&amp;F)</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>新建项目(&amp;N)…</source>
      <translation>&amp;New Project…</translation>
    </message>
    <message>
      <source>打开项目(&amp;O)…</source>
      <translation>&amp;Open Project…</translation>
    </message>
    <message>
      <source>以只读方式打开(&amp;L)…</source>
      <translation>Open Read-On&amp;ly…</translation>
    </message>
    <message>
      <source>另存副本(&amp;A)…</source>
      <translation>Save &amp;a Copy…</translation>
    </message>
    <message>
      <source>导入住户名册(&amp;I)…</source>
      <translation>&amp;Import Household Roster…</translation>
    </message>
    <message>
      <source>退出(&amp;X)</source>
      <translation>&amp;Quit</translation>
    </message>
    <message>
      <source>撤销(&amp;U)</source>
      <translation>&amp;Undo</translation>
    </message>
    <message>
      <source>重做(&amp;R)</source>
      <translation>&amp;Redo</translation>
    </message>
    <message>
      <source>设置(&amp;S)…</source>
      <translation>&amp;Settings…</translation>
    </message>
    <message>
      <source>关于(&amp;A)</source>
      <translation>&amp;About</translation>
    </message>
    <message>
      <source>检查证据链(&amp;V)…</source>
      <translation>Check the e&amp;vidence chain…</translation>
    </message>
    <message>
      <source>最近打开(&amp;R)</source>
      <translation>Open &amp;Recent</translation>
    </message>
    <message>
      <source>编辑(&amp;E)</source>
      <translation>&amp;Edit</translation>
    </message>
    <message>
      <source>工具(&amp;T)</source>
      <translation>&amp;Tools</translation>
    </message>
    <message>
      <source>帮助(&amp;H)</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>工具栏</source>
      <translation>Toolbar</translation>
    </message>
    <message>
      <source>（无）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>已打开项目 {0}</source>
      <translation>Opened project {0}</translation>
    </message>
    <message>
      <source>项目已从旧版本升级，原文件已备份到 {0}</source>
      <translation>The project was upgraded from an older version; the original was backed up to {0}</translation>
    </message>
    <message>
      <source>只读打开</source>
      <translation>Opened read-only</translation>
    </message>
    <message>
      <source>项目文件已更改</source>
      <translation>Project file changed</translation>
    </message>
    <message>
      <source>项目文件已被其他程序修改。是否重新载入以显示最新内容？</source>
      <translation>Another program has changed the project file. Reload it to show the latest content?</translation>
    </message>
    <message>
      <source>打开项目</source>
      <translation>Open Project</translation>
    </message>
    <message>
      <source>新建项目</source>
      <translation>New Project</translation>
    </message>
    <message>
      <source>-副本</source>
      <translation>-copy</translation>
    </message>
    <message>
      <source>另存副本</source>
      <translation>Save a Copy</translation>
    </message>
    <message>
      <source>已取消另存副本。</source>
      <translation>Saving a copy was cancelled.</translation>
    </message>
    <message>
      <source>副本已保存到 {0}</source>
      <translation>Copy saved to {0}</translation>
    </message>
    <message>
      <source>正在另存副本…</source>
      <translation>Saving a copy…</translation>
    </message>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>界面语言将在重新启动程序后更改。</source>
      <translation>The interface language will change when the program is restarted.</translation>
    </message>
    <message>
      <source>老旧小区改造调查</source>
      <translation>Old-Estate Retrofit Survey</translation>
    </message>
    <message>
      <source>离线的老旧小区改造调查、意见征询与竣工验收工具。</source>
      <translation>An offline tool for old-estate retrofit surveys, resident consultation and acceptance.</translation>
    </message>
    <message>
      <source>未打开项目</source>
      <translation>No project open</translation>
    </message>
    <message>
      <source>【只读】</source>
      <translation>[read-only]</translation>
    </message>
    <message>
      <source>只读，不能修改</source>
      <translation>read-only, cannot be changed</translation>
    </message>
    <message>
      <source>可编辑</source>
      <translation>editable</translation>
    </message>
    <message>
      <source>就绪</source>
      <translation>Ready</translation>
    </message>
  </context>
  <context>
    <name>MapEditor</name>
    <message>
      <source>边界自相交，请撤回顶点后重画（Backspace 删除上一个顶点）。</source>
      <translation>The boundary crosses itself; take vertices back and redraw (Backspace removes the last vertex).</translation>
    </message>
    <message>
      <source>至少需要三个不同的顶点。</source>
      <translation>At least three different vertices are needed.</translation>
    </message>
    <message>
      <source>顶点超出经纬度范围。</source>
      <translation>A vertex lies outside the longitude/latitude range.</translation>
    </message>
    <message>
      <source>在地图上点击小区位置。Esc 取消。</source>
      <translation>Click the estate's position on the map. Esc cancels.</translation>
    </message>
    <message>
      <source>单击添加顶点，Backspace 删除上一个顶点，双击或回车完成，Esc 取消。</source>
      <translation>Click to add a vertex, Backspace removes the last one, double-click or Enter finishes, Esc cancels.</translation>
    </message>
    <message>
      <source>多块组成的边界不能逐点编辑，请重新绘制。</source>
      <translation>A boundary made of several parts cannot be edited vertex by vertex; draw it again.</translation>
    </message>
    <message>
      <source>拖动顶点移动；单击边插入顶点；Delete 删除所选顶点；Ctrl+Z 撤回；回车保存，Esc 取消。</source>
      <translation>Drag a vertex to move it; click an edge to insert one; Delete removes the selected vertex; Ctrl+Z takes a step back; Enter saves, Esc cancels.</translation>
    </message>
    <message>
      <source>移动小区点</source>
      <translation>Move Estate Point</translation>
    </message>
    <message>
      <source>绘制小区边界</source>
      <translation>Draw Estate Boundary</translation>
    </message>
    <message>
      <source>绘制楼栋轮廓</source>
      <translation>Draw Building Footprint</translation>
    </message>
  </context>
  <context>
    <name>MapTab</name>
    <message>
      <source>小区</source>
      <translation>Estates</translation>
    </message>
    <message>
      <source>楼栋</source>
      <translation>Buildings</translation>
    </message>
    <message>
      <source>照片位置</source>
      <translation>Photo locations</translation>
    </message>
    <message>
      <source>名称标注</source>
      <translation>Labels</translation>
    </message>
    <message>
      <source>参考图层</source>
      <translation>Reference layers</translation>
    </message>
    <message>
      <source>视图</source>
      <translation>View</translation>
    </message>
    <message>
      <source>放大</source>
      <translation>Zoom In</translation>
    </message>
    <message>
      <source>缩小</source>
      <translation>Zoom Out</translation>
    </message>
    <message>
      <source>全图</source>
      <translation>Zoom to All</translation>
    </message>
    <message>
      <source>缩放到所选小区</source>
      <translation>Zoom to Selected Estate</translation>
    </message>
    <message>
      <source>图层</source>
      <translation>Layers</translation>
    </message>
    <message>
      <source>添加参考图层（GeoJSON）…</source>
      <translation>Add Reference Layer (GeoJSON)…</translation>
    </message>
    <message>
      <source>导入小区和楼栋（GeoJSON）…</source>
      <translation>Import Estates and Buildings (GeoJSON)…</translation>
    </message>
    <message>
      <source>底图</source>
      <translation>Basemap</translation>
    </message>
    <message>
      <source>无底图</source>
      <translation>No basemap</translation>
    </message>
    <message>
      <source>经度 {0}  纬度 {1}（WGS-84）</source>
      <translation>Lon {0}  Lat {1} (WGS-84)</translation>
    </message>
    <message>
      <source>专题：地图按什么着色</source>
      <translation>Theme: what the map is coloured by</translation>
    </message>
    <message>
      <source>底图：离线瓦片（MBTiles）</source>
      <translation>Basemap: offline tiles (MBTiles)</translation>
    </message>
    <message>
      <source>高德、腾讯等瓦片使用 GCJ-02 坐标：勾选后本项目的数据会偏移以对齐底图</source>
      <translation>Amap and Tencent tiles use GCJ-02: when ticked, this project's data is shifted to line up with the basemap</translation>
    </message>
    <message>
      <source>打开底图…</source>
      <translation>Open Basemap…</translation>
    </message>
    <message>
      <source>编辑</source>
      <translation>Editing</translation>
    </message>
    <message>
      <source>放置小区点</source>
      <translation>Place Estate Point</translation>
    </message>
    <message>
      <source>绘制边界</source>
      <translation>Draw Boundary</translation>
    </message>
    <message>
      <source>编辑顶点</source>
      <translation>Edit Vertices</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>读取检查表进度</source>
      <translation>Reading checklist progress</translation>
    </message>
    <message>
      <source>打开底图</source>
      <translation>Open Basemap</translation>
    </message>
    <message>
      <source>MBTiles 底图 (*.mbtiles)</source>
      <translation>MBTiles basemaps (*.mbtiles)</translation>
    </message>
    <message>
      <source>添加参考图层</source>
      <translation>Add Reference Layer</translation>
    </message>
    <message>
      <source>GeoJSON (*.geojson *.json)</source>
      <translation>GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
      <source>导入 GeoJSON</source>
      <translation>Import GeoJSON</translation>
    </message>
    <message>
      <source>GeoJSON (*.geojson *.geojsonl *.geojsons *.json)</source>
      <translation>GeoJSON (*.geojson *.geojsonl *.geojsons *.json)</translation>
    </message>
    <message>
      <source>坐标为 GCJ-02（高德、腾讯等地图拾取），换算为 WGS-84</source>
      <translation>Coordinates are GCJ-02 (picked on Amap, Tencent and similar maps): convert to WGS-84</translation>
    </message>
    <message>
      <source>已取消导入，项目未改变。</source>
      <translation>Import cancelled; the project is unchanged.</translation>
    </message>
    <message>
      <source>小区：新建 {0}，更新 {1}；楼栋：新建 {2}，更新 {3}；跳过 {4}。</source>
      <translation>Estates: {0} created, {1} updated; buildings: {2} created, {3} updated; {4} skipped.</translation>
    </message>
    <message>
      <source>绘制楼栋轮廓</source>
      <translation>Draw Building Footprint</translation>
    </message>
  </context>
  <context>
    <name>MapTheme</name>
    <message>
      <source>按改造阶段</source>
      <translation>By retrofit stage</translation>
    </message>
    <message>
      <source>按检查表进度</source>
      <translation>By checklist progress</translation>
    </message>
    <message>
      <source>按意见征询（楼栋/单元）</source>
      <translation>By consultation (building/unit)</translation>
    </message>
    <message>
      <source>已通过</source>
      <translation>Passed</translation>
    </message>
    <message>
      <source>部分单元通过</source>
      <translation>Some units passed</translation>
    </message>
    <message>
      <source>征询中或未通过</source>
      <translation>Open or not passed</translation>
    </message>
    <message>
      <source>未征询</source>
      <translation>Not consulted</translation>
    </message>
  </context>
  <context>
    <name>ObjectionsList</name>
    <message>
      <source>（未写理由）</source>
      <translation>(no reason given)</translation>
    </message>
    <message>
      <source>匿名</source>
      <translation>Anonymous</translation>
    </message>
    <message>
      <source>公示异议 {0} {1}：{2}</source>
      <translation>Objection to notice {0} {1}: {2}</translation>
    </message>
    <message>
      <source>（无反对意见）</source>
      <translation>(no objections)</translation>
    </message>
  </context>
  <context>
    <name>OpinionDialog</name>
    <message>
      <source>记录居民意见</source>
      <translation>Record a resident's opinion</translation>
    </message>
    <message>
      <source>建议</source>
      <translation>Suggestion</translation>
    </message>
    <message>
      <source>投诉</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>公示期书面异议</source>
      <translation>Written objections during the notice period</translation>
    </message>
    <message>
      <source>满意度调查</source>
      <translation>Satisfaction survey</translation>
    </message>
    <message>
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <source>基本满意</source>
      <translation>Fairly satisfied</translation>
    </message>
    <message>
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <source>（匿名）</source>
      <translation>(anonymous)</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>满意度</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <source>住户</source>
      <translation>Household</translation>
    </message>
    <message>
      <source>针对的征询</source>
      <translation>Consultation concerned</translation>
    </message>
    <message>
      <source>收到日期</source>
      <translation>Date received</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Content</translation>
    </message>
  </context>
  <context>
    <name>OverviewTab</name>
    <message>
      <source>编号</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>区</source>
      <translation>District</translation>
    </message>
    <message>
      <source>街道</source>
      <translation>Street</translation>
    </message>
    <message>
      <source>社区</source>
      <translation>Community</translation>
    </message>
    <message>
      <source>建成年份</source>
      <translation>Year built</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Stage</translation>
    </message>
    <message>
      <source>经度 / 纬度（WGS-84）</source>
      <translation>Longitude / latitude (WGS-84)</translation>
    </message>
    <message>
      <source>请在左侧的小区树中选择一个小区。</source>
      <translation>Choose an estate in the tree on the left.</translation>
    </message>
    <message>
      <source>此项目以只读方式打开，不能修改。</source>
      <translation>This project is open read-only; it cannot be changed.</translation>
    </message>
    <message>
      <source>小区概况</source>
      <translation>Estate overview</translation>
    </message>
    <message>
      <source>规模</source>
      <translation>Size</translation>
    </message>
    <message>
      <source>楼栋数</source>
      <translation>Buildings</translation>
    </message>
    <message>
      <source>单元数</source>
      <translation>Units</translation>
    </message>
    <message>
      <source>户数</source>
      <translation>Households</translation>
    </message>
    <message>
      <source>修改小区“{0}”的{1}</source>
      <translation>Change {1} of estate “{0}”</translation>
    </message>
  </context>
  <context>
    <name>PhotoAnnotationDialog</name>
    <message>
      <source>标注照片</source>
      <translation>Annotate photo</translation>
    </message>
    <message>
      <source>删除最后一个</source>
      <translation>Delete the last one</translation>
    </message>
    <message>
      <source>全部清除</source>
      <translation>Clear all</translation>
    </message>
    <message>
      <source>在照片上拖动画出图形；文字：点击位置后输入。原图不会被修改。</source>
      <translation>Drag on the photo to draw; text: click a spot, then type. The original is not changed.</translation>
    </message>
    <message>
      <source>标注文字</source>
      <translation>Annotation text</translation>
    </message>
    <message>
      <source>文字：</source>
      <translation>Text:</translation>
    </message>
  </context>
  <context>
    <name>PhotoDetailPanel</name>
    <message>
      <source>照片说明，例如：3幢北立面外墙渗水</source>
      <translation>Caption, e.g. water seeping through the north wall of building 3</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Caption</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Stage</translation>
    </message>
    <message>
      <source>楼栋</source>
      <translation>Buildings</translation>
    </message>
    <message>
      <source>选择一张照片，在此查看并编辑说明；选择两张可前后对比。</source>
      <translation>Select a photo to see and edit its caption here; select two to compare them before and after.</translation>
    </message>
    <message>
      <source>已选 {0} 张</source>
      <translation>{0} selected</translation>
    </message>
    <message>
      <source>无 GPS</source>
      <translation>No GPS</translation>
    </message>
    <message>
      <source>未知</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <source>{0}
拍摄：{1}  相机：{2}
{3} × {4} 像素，位置：{5}</source>
      <translation>{0}
Taken: {1}  Camera: {2}
{3} × {4} pixels, location: {5}</translation>
    </message>
    <message>
      <source>修改照片</source>
      <translation>Edit photo</translation>
    </message>
  </context>
  <context>
    <name>PhotoFileActions</name>
    <message>
      <source>导入照片</source>
      <translation>Import photos</translation>
    </message>
    <message>
      <source>照片 (*.jpg *.jpeg *.png *.heic *.heif);;所有文件 (*)</source>
      <translation>Photos (*.jpg *.jpeg *.png *.heic *.heif);;All files (*)</translation>
    </message>
    <message>
      <source>导入文件夹中的照片（含子文件夹）</source>
      <translation>Import the photos in a folder (with subfolders)</translation>
    </message>
    <message>
      <source>请先在左侧选择一个小区，再导入照片。</source>
      <translation>Choose an estate on the left first, then import photos.</translation>
    </message>
    <message>
      <source>已导入 {0} 张，重复 {1} 张，失败 {2} 张，未处理 {3} 张。</source>
      <translation>Imported {0}, duplicates {1}, failed {2}, not processed {3}.</translation>
    </message>
    <message>
      <source>……另有 {0} 条</source>
      <translation>… and {0} more</translation>
    </message>
    <message>
      <source>部分照片未能导入</source>
      <translation>Some photos could not be imported</translation>
    </message>
    <message>
      <source>导出原图到文件夹</source>
      <translation>Export the originals to a folder</translation>
    </message>
    <message>
      <source>已导出 {0} 张原图到 {1}。</source>
      <translation>Exported {0} originals to {1}.</translation>
    </message>
  </context>
  <context>
    <name>PhotoPickerDialog</name>
    <message>
      <source>选择报告中的照片</source>
      <translation>Photos in the report</translation>
    </message>
    <message>
      <source>勾选要印在报告中的照片：</source>
      <translation>Tick the photos to print in the report:</translation>
    </message>
  </context>
  <context>
    <name>PhotoViewerDialog</name>
    <message>
      <source>滚轮缩放，拖动平移，双击复原。</source>
      <translation>Wheel to zoom, drag to pan, double-click to reset.</translation>
    </message>
  </context>
  <context>
    <name>PhotosTab</name>
    <message>
      <source>全部阶段</source>
      <translation>All stages</translation>
    </message>
    <message>
      <source>请在左侧选择一个小区。</source>
      <translation>Choose an estate on the left.</translation>
    </message>
    <message>
      <source>前后对比</source>
      <translation>Before / after</translation>
    </message>
    <message>
      <source>导入照片(&amp;I)…</source>
      <translation>&amp;Import Photos…</translation>
    </message>
    <message>
      <source>前后对比(&amp;B)</source>
      <translation>&amp;Before / After</translation>
    </message>
    <message>
      <source>查看大图(&amp;V)</source>
      <translation>&amp;View Large</translation>
    </message>
    <message>
      <source>标注(&amp;A)…</source>
      <translation>&amp;Annotate…</translation>
    </message>
    <message>
      <source>阶段：</source>
      <translation>Stage:</translation>
    </message>
    <message>
      <source>楼栋：</source>
      <translation>Building:</translation>
    </message>
    <message>
      <source>月份：</source>
      <translation>Month:</translation>
    </message>
    <message>
      <source>检查项：</source>
      <translation>Checklist item:</translation>
    </message>
    <message>
      <source>更多(&amp;M)</source>
      <translation>&amp;More</translation>
    </message>
    <message>
      <source>导入文件夹(&amp;F)…</source>
      <translation>Import &amp;Folder…</translation>
    </message>
    <message>
      <source>导出原图(&amp;X)…</source>
      <translation>E&amp;xport Originals…</translation>
    </message>
    <message>
      <source>删除(&amp;D)</source>
      <translation>&amp;Delete</translation>
    </message>
    <message>
      <source>全部楼栋</source>
      <translation>All buildings</translation>
    </message>
    <message>
      <source>（不指定）</source>
      <translation>(not set)</translation>
    </message>
    <message>
      <source>全部月份</source>
      <translation>All months</translation>
    </message>
    <message>
      <source>全部检查项</source>
      <translation>All checklist items</translation>
    </message>
    <message>
      <source>{0} 张照片</source>
      <translation>{0} photos</translation>
    </message>
    <message>
      <source>这个小区还没有照片（项目以只读方式打开）。</source>
      <translation>This estate has no photos yet (the project is open read-only).</translation>
    </message>
    <message>
      <source>没有符合筛选条件的照片。</source>
      <translation>No photo matches the filters.</translation>
    </message>
    <message>
      <source>这个小区还没有照片。点“导入照片”，或把照片文件、文件夹拖到这里。</source>
      <translation>This estate has no photos yet. Click “Import Photos”, or drag photo files or folders here.</translation>
    </message>
    <message>
      <source>删除 {0} 张照片</source>
      <translation>Delete {0} photos</translation>
    </message>
    <message>
      <source>已将 {0} 张照片移入回收站（可撤销）。</source>
      <translation>Moved {0} photos to the trash (can be undone).</translation>
    </message>
    <message>
      <source>标注照片</source>
      <translation>Annotate photo</translation>
    </message>
    <message>
      <source>这个小区还没有可对比的改造前或改造后照片。</source>
      <translation>This estate has no before or after photos to compare yet.</translation>
    </message>
  </context>
  <context>
    <name>PlaceholderTab</name>
    <message>
      <source>“{0}”功能未能加载：{1}</source>
      <translation>The “{0}” feature could not be loaded: {1}</translation>
    </message>
  </context>
  <context>
    <name>ProgrammeTab</name>
    <message>
      <source>请在左侧的小区树中选择一个小区。</source>
      <translation>Choose an estate in the tree on the left.</translation>
    </message>
    <message>
      <source>在上表中选择一部电梯，即可填写其各楼层每户分摊金额。</source>
      <translation>Choose an elevator in the table above to fill in what each household pays per floor.</translation>
    </message>
  </context>
  <context>
    <name>RecordDialog</name>
    <message>
      <source>请填写“{0}”。</source>
      <translation>Please fill in “{0}”.</translation>
    </message>
  </context>
  <context>
    <name>RecordForm</name>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>修改“{0}”</source>
      <translation>Change “{0}”</translation>
    </message>
    <message>
      <source>已保存</source>
      <translation>Saved</translation>
    </message>
  </context>
  <context>
    <name>RecordTable</name>
    <message>
      <source>新增</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>修改“{0}”的“{1}”</source>
      <translation>Change “{1}” of “{0}”</translation>
    </message>
    <message>
      <source>已保存</source>
      <translation>Saved</translation>
    </message>
    <message>
      <source>新增“{0}”</source>
      <translation>Add to “{0}”</translation>
    </message>
    <message>
      <source>删除“{0}”的一条记录</source>
      <translation>Delete a record of “{0}”</translation>
    </message>
  </context>
  <context>
    <name>ReportContentsPanel</name>
    <message>
      <source>工程概况</source>
      <translation>Project overview</translation>
    </message>
    <message>
      <source>验收检查结果</source>
      <translation>Inspection results</translation>
    </message>
    <message>
      <source>问题与整改</source>
      <translation>Problems and rectification</translation>
    </message>
    <message>
      <source>加装电梯征询</source>
      <translation>Elevator consultations</translation>
    </message>
    <message>
      <source>平面示意图</source>
      <translation>Site plan</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>Photos</translation>
    </message>
    <message>
      <source>改造前</source>
      <translation>Before</translation>
    </message>
    <message>
      <source>施工中</source>
      <translation>During</translation>
    </message>
    <message>
      <source>改造后</source>
      <translation>After</translation>
    </message>
    <message>
      <source>报告内容</source>
      <translation>Report contents</translation>
    </message>
    <message>
      <source>验收项的改造后照片及改造前对照</source>
      <translation>After photos of the acceptance items, with their before photos</translation>
    </message>
    <message>
      <source>全部照片</source>
      <translation>All photos</translation>
    </message>
    <message>
      <source>不印照片</source>
      <translation>No photos</translation>
    </message>
    <message>
      <source>逐张选择</source>
      <translation>Picked one by one</translation>
    </message>
    <message>
      <source>选择照片…</source>
      <translation>Choose photos…</translation>
    </message>
    <message>
      <source>已选 {0} 张</source>
      <translation>{0} chosen</translation>
    </message>
    <message>
      <source>将印 {0} 张</source>
      <translation>{0} to print</translation>
    </message>
  </context>
  <context>
    <name>ReportFinishPanel</name>
    <message>
      <source>存档与签名</source>
      <translation>Archive and signature</translation>
    </message>
    <message>
      <source>存为 PDF/A（档案馆长期保存）</source>
      <translation>Save as PDF/A (for the archive)</translation>
    </message>
    <message>
      <source>PDF/A-2b</source>
      <translation>PDF/A-2b</translation>
    </message>
    <message>
      <source>PDF/A-1b（GB/T 23286.1）</source>
      <translation>PDF/A-1b (GB/T 23286.1)</translation>
    </message>
    <message>
      <source>PDF/A-2b 适用于所有报告；PDF/A-1b 供只收 PDF/A-1 的档案馆，报告不能有透明效果（如未定稿验收报告的水印）</source>
      <translation>PDF/A-2b suits every report; PDF/A-1b is for archives that take PDF/A-1 only, and the report must have no transparency (the watermark of a draft acceptance report, say)</translation>
    </message>
    <message>
      <source>PDF/A 版本</source>
      <translation>PDF/A version</translation>
    </message>
    <message>
      <source>用单位证书数字签名</source>
      <translation>Sign digitally with the office's certificate</translation>
    </message>
    <message>
      <source>证书文件（.p12 或 .pfx）</source>
      <translation>Certificate file (.p12 or .pfx)</translation>
    </message>
    <message>
      <source>选择…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>选择证书</source>
      <translation>Choose the certificate</translation>
    </message>
    <message>
      <source>PKCS#12 证书 (*.p12 *.pfx)</source>
      <translation>PKCS#12 certificates (*.p12 *.pfx)</translation>
    </message>
    <message>
      <source>证书口令</source>
      <translation>Certificate password</translation>
    </message>
    <message>
      <source>{0} 的口令：</source>
      <translation>Password of {0}:</translation>
    </message>
    <message>
      <source>已存为 PDF/A-{0}</source>
      <translation>saved as PDF/A-{0}</translation>
    </message>
    <message>
      <source>已由 {0} 数字签名</source>
      <translation>signed digitally by {0}</translation>
    </message>
    <message>
      <source>；</source>
      <translation>; </translation>
    </message>
  </context>
  <context>
    <name>ReportPreview</name>
    <message>
      <source>生成报告后在此预览。</source>
      <translation>The report is previewed here once it is made.</translation>
    </message>
    <message>
      <source>本机缺少 Qt PDF 组件，无法预览；请用“打开”在系统阅读器中查看。</source>
      <translation>The Qt PDF component is missing on this computer, so there is no preview; use “Open” to view it in the system reader.</translation>
    </message>
    <message>
      <source>正在打印…</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>ReportsTab</name>
    <message>
      <source>竣工验收报告</source>
      <translation>Completion acceptance report</translation>
    </message>
    <message>
      <source>居民意见征询结果公示</source>
      <translation>Public notice of the residents' consultation result</translation>
    </message>
    <message>
      <source>调查汇总</source>
      <translation>Survey summary</translation>
    </message>
    <message>
      <source>加装电梯可行性报告</source>
      <translation>Elevator feasibility record</translation>
    </message>
    <message>
      <source>改造评估（半年通报、年度评估、总评）</source>
      <translation>Programme review (half-year, yearly, overall)</translation>
    </message>
    <message>
      <source>全部小区（调查汇总）</source>
      <translation>All estates (survey summary)</translation>
    </message>
    <message>
      <source>每页 {0} 张</source>
      <translation>{0} per page</translation>
    </message>
    <message>
      <source>浏览…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>生成报告</source>
      <translation>Make report</translation>
    </message>
    <message>
      <source>打开</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <source>核验报告…</source>
      <translation>Verify report…</translation>
    </message>
    <message>
      <source>核对报告所依据的记录此后是否改动</source>
      <translation>Check whether the records a report was built from have changed since</translation>
    </message>
    <message>
      <source>报告</source>
      <translation>Reports</translation>
    </message>
    <message>
      <source>小区</source>
      <translation>Estates</translation>
    </message>
    <message>
      <source>范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>Photos</translation>
    </message>
    <message>
      <source>保存到</source>
      <translation>Save to</translation>
    </message>
    <message>
      <source>报告设置</source>
      <translation>Report settings</translation>
    </message>
    <message>
      <source>发文单位</source>
      <translation>Issuing office</translation>
    </message>
    <message>
      <source>文号格式</source>
      <translation>Document number format</translation>
    </message>
    <message>
      <source>全部征询（每个范围一份公示）</source>
      <translation>All consultations (one notice per scope)</translation>
    </message>
    <message>
      <source>{0}（全部单元）</source>
      <translation>{0} (all units)</translation>
    </message>
    <message>
      <source>本份报告的文号：{0}</source>
      <translation>This report's document number: {0}</translation>
    </message>
    <message>
      <source>全部小区</source>
      <translation>All estates</translation>
    </message>
    <message>
      <source>保存报告</source>
      <translation>Save report</translation>
    </message>
    <message>
      <source>正在生成报告…</source>
      <translation>Making the report…</translation>
    </message>
    <message>
      <source>报告已存在</source>
      <translation>Report exists</translation>
    </message>
    <message>
      <source>{0} 已存在。要覆盖它，还是另存为 {1}？</source>
      <translation>{0} already exists. Replace it, or save as {1}?</translation>
    </message>
    <message>
      <source>覆盖(&amp;R)</source>
      <translation>&amp;Replace</translation>
    </message>
    <message>
      <source>另存为新文件(&amp;N)</source>
      <translation>Save as a &amp;New File</translation>
    </message>
    <message>
      <source>已生成 {0}</source>
      <translation>Wrote {0}</translation>
    </message>
    <message>
      <source>已生成 {0}（{1} 页，照片 {2} 张，文号 {3}）</source>
      <translation>Made {0} ({1} pages, {2} photos, document number {3})</translation>
    </message>
    <message>
      <source>；</source>
      <translation>; </translation>
    </message>
  </context>
  <context>
    <name>ReviewOptionsPanel</name>
    <message>
      <source>评估期间与范围</source>
      <translation>Review period and scope</translation>
    </message>
    <message>
      <source>PDF 报告</source>
      <translation>PDF report</translation>
    </message>
    <message>
      <source>XLSX 表格</source>
      <translation>XLSX workbook</translation>
    </message>
    <message>
      <source>期间</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>区</source>
      <translation>District</translation>
    </message>
    <message>
      <source>格式</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>全部区</source>
      <translation>All districts</translation>
    </message>
    <message>
      <source>改造评估</source>
      <translation>review</translation>
    </message>
  </context>
  <context>
    <name>RosterImportFlow</name>
    <message>
      <source>导入住户名册</source>
      <translation>Import household roster</translation>
    </message>
    <message>
      <source>住户名册 (*.csv *.txt *.xlsx);;所有文件 (*)</source>
      <translation>Household roster (*.csv *.txt *.xlsx);;All files (*)</translation>
    </message>
    <message>
      <source>未导入任何行。</source>
      <translation>No rows were imported.</translation>
    </message>
    <message>
      <source>读取住户名册</source>
      <translation>Reading the household roster</translation>
    </message>
    <message>
      <source>名册中有 {0} 行不合格：
{1}</source>
      <translation>{0} row(s) of the roster are not acceptable:
{1}</translation>
    </message>
    <message>
      <source>其中 {0} 行写明了所在的户：这些户将保留为待核实户，不采用该行的任何内容（已有的住户信息保持不变），核实前所在单元的表决结果无法得出。</source>
      <translation>{0} of them name their flat: those flats will be kept as flats to check, with nothing taken from the row (a flat already recorded keeps its record), and their units' results cannot be concluded until they are checked.</translation>
    </message>
    <message>
      <source>导入其余 {0} 行吗（含待核实户）？选“否”则全部不导入。</source>
      <translation>Import the other {0} row(s) (flats to check included)? Choose No to import nothing.</translation>
    </message>
    <message>
      <source>以下 {0} 户已导入，但保留为待核实户：核实前，所在单元的表决结果无法得出。请更正名册（补上面积或产权人，改正不合格的行）后重新导入，或在住户表中核实、删除不存在的户。</source>
      <translation>These {0} flats were imported but kept as flats to check: their units' results cannot be concluded until then. Correct the roster (add the area or owner, fix the refused rows) and import it again, or check the flats in the household list and delete any that do not exist.</translation>
    </message>
    <message>
      <source>已导入 {0} 户（新增 {1}，更新 {2}），记录表决 {3} 条；待核实 {4} 户。</source>
      <translation>Imported {0} households ({1} new, {2} updated), {3} votes recorded; {4} to settle.</translation>
    </message>
    <message>
      <source>以下不同写法已视为同一处：</source>
      <translation>These spellings were taken for the same place:</translation>
    </message>
  </context>
  <context>
    <name>ServerSignInDialog</name>
    <message>
      <source>登录区级服务器</source>
      <translation>Sign in to the district server</translation>
    </message>
    <message>
      <source>区级服务器 {0} 要求登录。</source>
      <translation>The district server {0} asks you to sign in.</translation>
    </message>
    <message>
      <source>记住密码（系统钥匙串）</source>
      <translation>Remember the password (system keyring)</translation>
    </message>
    <message>
      <source>本机没有可用的系统钥匙串：密码只用于本次运行，不会保存。</source>
      <translation>No system keyring is available on this computer: the password is used for this session only and not stored.</translation>
    </message>
    <message>
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>ServerSyncAction</name>
    <message>
      <source>与服务器同步(&amp;Y)…</source>
      <translation>S&amp;ync with the server…</translation>
    </message>
    <message>
      <source>与区级服务器 {0} 同步</source>
      <translation>Sync with the district server {0}</translation>
    </message>
    <message>
      <source>正在连接服务器…</source>
      <translation>Connecting to the server…</translation>
    </message>
    <message>
      <source>正在登录服务器…</source>
      <translation>Signing in to the server…</translation>
    </message>
    <message>
      <source>同步已取消，服务器和本机副本都未改动。</source>
      <translation>Sync cancelled; neither the server nor this copy was changed.</translation>
    </message>
    <message>
      <source>正在与服务器同步…</source>
      <translation>Syncing with the server…</translation>
    </message>
    <message>
      <source>已与服务器 {0} 同步：上传 {1} 处修改，服务器版本 {2}。</source>
      <translation>Synced with the server {0}: {1} changes sent, server revision {2}.</translation>
    </message>
    <message>
      <source>有 {0} 个字段双方都改过，保留了服务器上的值；要用本机的值，请在副本里再改一次后同步：</source>
      <translation>{0} fields were changed on both sides; the server's values were kept. To use this copy's value, change it again in the copy and sync:</translation>
    </message>
    <message>
      <source>与服务器同步</source>
      <translation>Sync with the server</translation>
    </message>
    <message>
      <source>· {0}：{1}，服务器为“{2}”，本机为“{3}”</source>
      <translation>· {0}: {1}, on the server “{2}”, in this copy “{3}”</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>例如：张晓明（鼓楼区房产局）</source>
      <translation>e.g. Zhang Xiaoming (Gulou District Housing Bureau)</translation>
    </message>
    <message>
      <source>更改语言后需重新启动程序才能生效。</source>
      <translation>A change of language takes effect after the program is restarted.</translation>
    </message>
    <message>
      <source>留空则自动查找系统中的中文字体</source>
      <translation>Leave empty to look for a Chinese font on the system</translation>
    </message>
    <message>
      <source>选择…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source> 份</source>
      <translation> kept</translation>
    </message>
    <message>
      <source>不限</source>
      <translation>No limit</translation>
    </message>
    <message>
      <source>超过时先删除最旧的备份；最新的一份总会保留。照片在各份备份中只存一次。</source>
      <translation>When over the limit, the oldest backups are deleted first; the newest is always kept. Each photo is stored once across all backups.</translation>
    </message>
    <message>
      <source>用户名（写入修改记录）</source>
      <translation>User name (written into the change log)</translation>
    </message>
    <message>
      <source>界面语言</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>PDF 字体文件</source>
      <translation>PDF font file</translation>
    </message>
    <message>
      <source>每个项目保留的备份</source>
      <translation>Backups kept per project</translation>
    </message>
    <message>
      <source>备份最多占用磁盘</source>
      <translation>Disk space for backups, at most</translation>
    </message>
    <message>
      <source>选择 PDF 字体文件</source>
      <translation>Choose the PDF font file</translation>
    </message>
    <message>
      <source>TrueType 字体 (*.ttf *.ttc *.otf)</source>
      <translation>TrueType fonts (*.ttf *.ttc *.otf)</translation>
    </message>
  </context>
  <context>
    <name>SignatureDialog</name>
    <message>
      <source>签名</source>
      <translation>Signature</translation>
    </message>
    <message>
      <source>签名人的姓名</source>
      <translation>The signer's name</translation>
    </message>
    <message>
      <source>请用鼠标、手写笔或手指在框内签名。</source>
      <translation>Sign in the box with the mouse, a pen or a finger.</translation>
    </message>
    <message>
      <source>清除</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>签名人</source>
      <translation>Signer</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <source>签名板</source>
      <translation>Signature pad</translation>
    </message>
  </context>
  <context>
    <name>SignatureRow</name>
    <message>
      <source>签名…</source>
      <translation>Sign…</translation>
    </message>
    <message>
      <source>撤回签名</source>
      <translation>Withdraw signature</translation>
    </message>
    <message>
      <source>撤回</source>
      <translation>Withdraw</translation>
    </message>
    <message>
      <source>未签名（可在纸面签字）</source>
      <translation>Not signed (may be signed on paper)</translation>
    </message>
    <message>
      <source>未签</source>
      <translation>Unsigned</translation>
    </message>
    <message>
      <source>已签名 {0} {1}</source>
      <translation>Signed by {0} {1}</translation>
    </message>
    <message>
      <source>已签</source>
      <translation>Signed</translation>
    </message>
    <message>
      <source>重签…</source>
      <translation>Sign again…</translation>
    </message>
  </context>
  <context>
    <name>SourcePanel</name>
    <message>
      <source>选中一个条目，可在此查看其依据。</source>
      <translation>Select an item to see what it is based on.</translation>
    </message>
    <message>
      <source>本条目没有列出依据。</source>
      <translation>This item lists no source.</translation>
    </message>
  </context>
  <context>
    <name>Stage</name>
    <message>
      <source>已调查</source>
      <translation>Surveyed</translation>
    </message>
    <message>
      <source>设计</source>
      <translation>Design</translation>
    </message>
    <message>
      <source>施工</source>
      <translation>Construction</translation>
    </message>
    <message>
      <source>验收中</source>
      <translation>Acceptance</translation>
    </message>
    <message>
      <source>已验收</source>
      <translation>Accepted</translation>
    </message>
  </context>
  <context>
    <name>Tabs</name>
    <message>
      <source>地图</source>
      <translation>Map</translation>
    </message>
    <message>
      <source>概况</source>
      <translation>Overview</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklists</translation>
    </message>
    <message>
      <source>意见征询</source>
      <translation>Consultation</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>Photos</translation>
    </message>
    <message>
      <source>计划与管理</source>
      <translation>Plan and management</translation>
    </message>
    <message>
      <source>报告</source>
      <translation>Reports</translation>
    </message>
    <message>
      <source>统计</source>
      <translation>Dashboard</translation>
    </message>
  </context>
  <context>
    <name>TallyPanel</name>
    <message>
      <source>征询中</source>
      <translation>Consulting</translation>
    </message>
    <message>
      <source>公示中</source>
      <translation>Notice posted</translation>
    </message>
    <message>
      <source>公示无异议</source>
      <translation>No objection to notice</translation>
    </message>
    <message>
      <source>有争议</source>
      <translation>Disputed</translation>
    </message>
    <message>
      <source>已完成</source>
      <translation>Completed</translation>
    </message>
    <message>
      <source>范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <source>参与/人数</source>
      <translation>Voted/owners</translation>
    </message>
    <message>
      <source>同意</source>
      <translation>Agree</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>待核实</source>
      <translation>Cannot conclude yet</translation>
    </message>
    <message>
      <source>通过</source>
      <translation>Passed</translation>
    </message>
    <message>
      <source>尚未通过</source>
      <translation>Not passed yet</translation>
    </message>
    <message>
      <source>未通过</source>
      <translation>Not passed</translation>
    </message>
    <message>
      <source>未开始</source>
      <translation>Not started</translation>
    </message>
    <message>
      <source>全小区</source>
      <translation>Whole estate</translation>
    </message>
    <message>
      <source>此范围还没有意见征询。</source>
      <translation>There is no consultation for this scope yet.</translation>
    </message>
    <message>
      <source>业主 {0} 人，专有面积 {1} ㎡</source>
      <translation>{0} owners, exclusive area {1} m²</translation>
    </message>
    <message>
      <source>参与表决 {0} 人，{1} ㎡；人数比 {2}，面积比 {3}</source>
      <translation>{0} owners voted, {1} m²; by headcount {2}, by area {3}</translation>
    </message>
    <message>
      <source>同意 {0} 人，{1} ㎡；人数比 {2}，面积比 {3}</source>
      <translation>{0} agree, {1} m²; by headcount {2}, by area {3}</translation>
    </message>
    <message>
      <source>反对 {0} 人，弃权 {1} 人</source>
      <translation>{0} object, {1} abstain</translation>
    </message>
  </context>
  <context>
    <name>TemplateManagerDialog</name>
    <message>
      <source>检查清单模板</source>
      <translation>Checklist templates</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <source>条目数</source>
      <translation>Items</translation>
    </message>
    <message>
      <source>导入或编辑得到的新版本用于此后建立的清单；已有清单保留原来的版本，点“清单升级到最新版”后改用新版，原有答案全部保留。</source>
      <translation>New versions, imported or edited, are used for checklists made from now on; existing checklists keep their version until “Upgrade checklists to the latest version”, which keeps every answer.</translation>
    </message>
    <message>
      <source>导入…</source>
      <translation>Import…</translation>
    </message>
    <message>
      <source>导出…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>编辑依据…</source>
      <translation>Edit sources…</translation>
    </message>
    <message>
      <source>导出整套…</source>
      <translation>Export the set…</translation>
    </message>
    <message>
      <source>清单升级到最新版</source>
      <translation>Upgrade checklists to the latest version</translation>
    </message>
    <message>
      <source>已升级 {0} 份清单：新增条目 {1} 次，修改 {2} 次，停用 {3} 次；原有答案全部保留。</source>
      <translation>{0} checklists upgraded: {1} items added, {2} changed, {3} retired; every answer kept.</translation>
    </message>
    <message>
      <source>清单升级</source>
      <translation>Checklist upgrade</translation>
    </message>
    <message>
      <source>导出整套模板到文件夹</source>
      <translation>Export the template set to a folder</translation>
    </message>
    <message>
      <source>导入模板</source>
      <translation>Import template</translation>
    </message>
    <message>
      <source>模板 JSON (*.json)</source>
      <translation>Template JSON (*.json)</translation>
    </message>
    <message>
      <source>导出模板</source>
      <translation>Export template</translation>
    </message>
  </context>
  <context>
    <name>TemplateSourcesDialog</name>
    <message>
      <source>编辑依据与阈值</source>
      <translation>Edit sources and threshold</translation>
    </message>
    <message>
      <source>核对官方文本后填写条文号，如 3.4.5</source>
      <translation>Clause number once read in the official text, e.g. 3.4.5</translation>
    </message>
    <message>
      <source>已与官方文本核对</source>
      <translation>Checked against the official text</translation>
    </message>
    <message>
      <source>如：南京市既有住宅增设电梯实施办法</source>
      <translation>e.g. Nanjing measures for adding lifts to existing housing</translation>
    </message>
    <message>
      <source>用自己的话概括要求，不要照抄原文</source>
      <translation>Sum up the requirement in your own words; do not copy the text</translation>
    </message>
    <message>
      <source>南京市</source>
      <translation>Nanjing</translation>
    </message>
    <message>
      <source>本次修改的原因，列入版本变更</source>
      <translation>Why this changes; listed among the version's changes</translation>
    </message>
    <message>
      <source>条目</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>现有依据</source>
      <translation>Current sources</translation>
    </message>
    <message>
      <source>核对依据</source>
      <translation>Source checked</translation>
    </message>
    <message>
      <source>条文及核对</source>
      <translation>Clause and check</translation>
    </message>
    <message>
      <source>判定阈值</source>
      <translation>Fail threshold</translation>
    </message>
    <message>
      <source>法规或规范写明的阈值只能收紧，且须在下面填写给出新阈值的本地规定。</source>
      <translation>A limit a law or code states can only be tightened, and only with the local rule that sets the new limit entered below.</translation>
    </message>
    <message>
      <source>增加本地规定</source>
      <translation>Add a local rule</translation>
    </message>
    <message>
      <source>要求（中文）</source>
      <translation>Requirement (Chinese)</translation>
    </message>
    <message>
      <source>要求（英文）</source>
      <translation>Requirement (English)</translation>
    </message>
    <message>
      <source>适用地区</source>
      <translation>Jurisdiction</translation>
    </message>
    <message>
      <source>修改说明</source>
      <translation>Reason for the change</translation>
    </message>
    <message>
      <source>保存后成为该模板的新版本；已有清单可在之后升级，原有答案保留。</source>
      <translation>Saving makes a new version of the template; existing checklists can be upgraded later, keeping their answers.</translation>
    </message>
    <message>
      <source>（无）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>地方调整：{0}</source>
      <translation>Local change: {0}</translation>
    </message>
  </context>
  <context>
    <name>TrashDialog</name>
    <message>
      <source>小区</source>
      <translation>Estate</translation>
    </message>
    <message>
      <source>楼栋</source>
      <translation>Building</translation>
    </message>
    <message>
      <source>单元</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>住户</source>
      <translation>Household</translation>
    </message>
    <message>
      <source>回收站</source>
      <translation>Trash</translation>
    </message>
    <message>
      <source>已删除的小区，以及所选小区里已删除的楼栋、单元和住户。恢复后连同其下的内容一起回来。</source>
      <translation>Deleted estates, and the deleted buildings, units and households of the selected estate. What is restored comes back with everything under it.</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>删除时间</source>
      <translation>Deleted at</translation>
    </message>
    <message>
      <source>恢复(&amp;R)</source>
      <translation>&amp;Restore</translation>
    </message>
  </context>
  <context>
    <name>UnitDialog</name>
    <message>
      <source>新建单元</source>
      <translation>New Unit</translation>
    </message>
    <message>
      <source>编辑单元</source>
      <translation>Edit Unit</translation>
    </message>
    <message>
      <source>如：1单元</source>
      <translation>e.g. Unit 1</translation>
    </message>
    <message>
      <source>名称(&amp;M)</source>
      <translation>&amp;Name</translation>
    </message>
    <message>
      <source>备注(&amp;O)</source>
      <translation>N&amp;ote</translation>
    </message>
  </context>
  <context>
    <name>UserGuideDialog</name>
    <message>
      <source>用户指南</source>
      <translation>User Guide</translation>
    </message>
    <message>
      <source>用户指南(&amp;U)</source>
      <translation>&amp;User Guide</translation>
    </message>
  </context>
  <context>
    <name>VerifyReportDialog</name>
    <message>
      <source>核验报告</source>
      <translation>Verify report</translation>
    </message>
    <message>
      <source>纸质报告上的核验码，如 92A9-A0E8-F6D9-9380</source>
      <translation>The code printed on a paper report, e.g. 92A9-A0E8-F6D9-9380</translation>
    </message>
    <message>
      <source>选择报告 PDF…</source>
      <translation>Choose report PDF…</translation>
    </message>
    <message>
      <source>（选择一份已出具的报告）</source>
      <translation>(choose a report issued)</translation>
    </message>
    <message>
      <source>核验</source>
      <translation>Verify</translation>
    </message>
    <message>
      <source>已出具</source>
      <translation>Issued</translation>
    </message>
    <message>
      <source>核验码</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>选择本程序生成的公示、验收或审查报告 PDF，或输入纸质报告上的核验码。</source>
      <translation>Choose a notice, acceptance or review report PDF made by this program, or type the code printed on a paper report.</translation>
    </message>
    <message>
      <source>选择报告 PDF</source>
      <translation>Choose report PDF</translation>
    </message>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
  </context>
  <context>
    <name>VoteDialog</name>
    <message>
      <source>记录表决意见</source>
      <translation>Record vote</translation>
    </message>
    <message>
      <source>（未登记）</source>
      <translation>(not registered)</translation>
    </message>
    <message>
      <source>出租户：租户不参与表决，由产权人表决。</source>
      <translation>Rented flat: tenants do not vote; the owner votes.</translation>
    </message>
    <message>
      <source>（请选择）</source>
      <translation>(choose)</translation>
    </message>
    <message>
      <source>同意</source>
      <translation>Agree</translation>
    </message>
    <message>
      <source>反对</source>
      <translation>Object</translation>
    </message>
    <message>
      <source>弃权</source>
      <translation>Abstain</translation>
    </message>
    <message>
      <source>未联系上</source>
      <translation>Not reached</translation>
    </message>
    <message>
      <source>当面</source>
      <translation>In person</translation>
    </message>
    <message>
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>短信</source>
      <translation>SMS</translation>
    </message>
    <message>
      <source>信函</source>
      <translation>Letter</translation>
    </message>
    <message>
      <source>（未填）</source>
      <translation>(not filled in)</translation>
    </message>
    <message>
      <source>如：采光、噪音、隐私、费用</source>
      <translation>e.g. daylight, noise, privacy, cost</translation>
    </message>
    <message>
      <source>如：一楼不分摊费用</source>
      <translation>e.g. ground floor pays no share</translation>
    </message>
    <message>
      <source>（无）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>意见</source>
      <translation>Opinion</translation>
    </message>
    <message>
      <source>征询方式</source>
      <translation>How asked</translation>
    </message>
    <message>
      <source>征询日期</source>
      <translation>Date asked</translation>
    </message>
    <message>
      <source>反对意见</source>
      <translation>Objection</translation>
    </message>
    <message>
      <source>反对理由</source>
      <translation>Reason for objection</translation>
    </message>
    <message>
      <source>费用分摊或补偿</source>
      <translation>Cost share or compensation</translation>
    </message>
    <message>
      <source>证明照片（签字表）</source>
      <translation>Proof photo (signed form)</translation>
    </message>
    <message>
      <source>业主签名</source>
      <translation>Owner's signature</translation>
    </message>
    <message>
      <source>（已选照片）</source>
      <translation>(selected photos)</translation>
    </message>
    <message>
      <source>意见已改：保存后原签名撤回，请业主重新签名。</source>
      <translation>Choice changed: the signature is withdrawn on Save; ask the owner to sign again.</translation>
    </message>
    <message>
      <source>{0}：业主签名确认表决意见</source>
      <translation>{0}: the owner signs to confirm the vote</translation>
    </message>
    <message>
      <source>已签名 {0}（保存后存入）</source>
      <translation>Signed by {0} (stored on Save)</translation>
    </message>
  </context>
  <context>
    <name>VoteHistoryList</name>
    <message>
      <source>意见</source>
      <translation>Opinion</translation>
    </message>
    <message>
      <source>方式</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>反对意见</source>
      <translation>Objection</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>费用分摊</source>
      <translation>Cost share</translation>
    </message>
    <message>
      <source>审核</source>
      <translation>Review</translation>
    </message>
    <message>
      <source>审核人</source>
      <translation>Reviewer</translation>
    </message>
    <message>
      <source>调解情况</source>
      <translation>Mediation</translation>
    </message>
    <message>
      <source>新增</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>修改</source>
      <translation>Change</translation>
    </message>
    <message>
      <source>{0}  {1}  {2}：{3}</source>
      <translation>{0}  {1}  {2}: {3}</translation>
    </message>
    <message>
      <source>，</source>
      <translation>, </translation>
    </message>
  </context>
</TS>