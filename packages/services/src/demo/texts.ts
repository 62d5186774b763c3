// Free text of the demo: 好差评 comments, complaints, bug reports, suggestions, demands and
// consultations in the words citizens and enterprises actually use, mystery-shopper notes and
// incident descriptions. Some contain commas, quotes and line breaks on purpose (CSV quoting).
import { pick, type Rng } from './random';

export const PRAISE = [
  '办事效率高，点赞！',
  '工作人员很耐心，一次就办好了',
  '全程网上办理，不用跑腿，方便快捷',
  '秒批秒办，几分钟就拿到结果了',
  '窗口服务热情，指导很细致',
  '材料都是系统自动调取的，省了很多事',
  '比以前快多了，真正做到了“最多跑一次”',
  '帮办代办很贴心，老人也能办',
  '线上提交后当天就办结了，满意',
  '预约后到现场不用排队，很好',
];

export const NEUTRAL = [
  '还可以，就是等的时间有点长',
  '流程基本清楚，个别材料说明不够详细',
  '办成了，但中间补了一次材料',
  '整体还行，希望页面再简洁一点',
  '排队二十分钟左右，可以接受',
];

/** Complaints about handling (also used for bad ratings). */
export const COMPLAINTS = [
  '窗口工作人员态度冷漠，问了三遍都不耐烦',
  '说好的"最多跑一次"，结果来回跑了三次才办成',
  '预约了上午九点的号，排到十一点还没叫到',
  '材料要求重复提交，明明上次已经交过户口本复印件',
  '办事指南写的材料和窗口要求的不一致，白跑一趟',
  '承诺5个工作日办结，已经过去两周了还没有结果，也没人告知原因',
  '电话一直打不通，12345转过来之后也没人回复',
  '不动产登记窗口只开两个，排队太久',
  '社保卡补办进度查不到，也没有短信通知',
  '补正材料的要求一次没说清楚，前后让我补了两次',
  '窗口说系统故障让改天再来，请假白请了',
  '同一份证明，街道要、县里也要，能不能数据共享',
  '第一次去说缺营业执照副本，\n第二次去又说要法人签字，\n一件事跑了三趟',
  '办理结果短信写的是"已办结"，但证件到现在还没收到',
];

/** Problems with the apps (bug reports, bad ratings of online cases). */
export const BUGS = [
  '人脸识别总是失败，试了十几次都不行',
  '上传材料时一直转圈，提交不了',
  '字体太小，老人看不清，适老化模式入口也找不到',
  '页面加载很慢，点"提交"没反应',
  '支付成功了但订单状态还是待支付',
  '华为手机打开公积金提取页面就闪退',
  '短信验证码收不到，换了号码也不行',
  '电子证照显示不出来，提示"证照服务异常"',
  '适老化模式下按钮还是太小，老人点不准',
  '身份证识别把地址识别错了，而且改不了',
  '填了半天的表，返回一下全没了，又要重填',
  '办件进度一直显示"审核中"，一个星期没变化',
  '语音播报和页面内容对不上',
  '小程序授权登录后提示"用户信息获取失败"',
];

export const SUGGESTIONS = [
  '建议增加语音播报功能，方便视力不好的老人',
  '希望能在APP上直接看到办件进度，不要每次打电话问',
  '建议把"出生一件事"的几张表合并，信息重复填写太多',
  '能否增加周末延时服务，上班族工作日没时间',
  '建议材料上传支持从相册一次选多张',
  '希望增加方言语音客服，老年人普通话说不好',
  '建议办事指南增加填写示例图片，第一次办不知道怎么填',
  '建议首页把高频事项放在前面，现在要翻好几页才找到',
  '希望能给子女开通代办权限，帮父母办养老认证',
  '建议证件照可以直接用身份证照片，不用再去照相馆',
];

export const DEMANDS = [
  '希望开通跨省通办的医保报销，在外地工作很不方便',
  '希望子女可以帮父母代办养老资格认证',
  '希望企业注销也能一网通办，不要再跑税务和社保',
  '希望增加电子营业执照一键下载和授权使用',
  '希望增加"退休一件事"的线上预约提醒',
  '需要在小程序里查询公积金贷款的还款明细',
  '希望电子社保卡能在医院直接扫码结算',
  '希望开通新生儿出生证明的电子版下载',
];

export const CONSULTATIONS = [
  '请问新生儿落户需要带哪些材料？',
  '退休手续可以网上办吗？需要本人到场吗？',
  '公积金提取到账需要几天？',
  '外地户口在这边可以办居住证吗，要什么条件？',
  '个体户注销和企业注销流程一样吗？',
  '身份证过期了还能先办临时身份证吗？',
  '异地就医备案以后，门诊可以直接结算吗？',
];

export const MYSTERY_NOTES = [
  '上传材料页面加载超过10秒',
  '适老化模式入口不明显，需要三次点击',
  '办事指南与实际要求的材料不一致',
  '人脸识别失败后没有其他认证方式',
  '提交后未收到受理短信',
  '窗口人员对"一件事"联办流程不熟悉',
  '自助终端身份证读卡器故障',
  '办件进度查询需要重新登录',
  '表单字段过多，部分信息可由系统自动带出',
];

export const INCIDENTS: Record<1 | 2 | 3 | 4, readonly string[]> = {
  1: ['统一身份认证服务故障，用户无法登录办事', '数据库主备切换失败，核心办事功能中断', '机房网络故障，全部事项无法提交'],
  2: ['支付通道异常，超过半数用户缴费失败', '电子证照库接口超时，多数事项无法调用证照', '短信网关故障，验证码大面积发送失败'],
  3: ['不动产登记查询页面报错', '预约挂号模块加载缓慢', '部分安卓机型上传图片失败'],
  4: ['个别页面样式错乱', '消息推送延迟', '帮助文档链接失效'],
};

export const SECURITY_INCIDENT = '接口鉴权缺失导致个人办件信息可被越权查询（经核查确认），已下线接口并按预案上报';
export const SECURITY_SUSPECTED = '监测到异常批量查询个人信息的请求，经核查为压力测试流量，未造成数据泄露';

export const REJECTION_REASONS = ['佐证材料与填报数值不符', '缺少盖章的统计报表', '口径错误：将非本单位资源计入', '截图无法证明期末状态'];

/** A complaint mentioning the item, sometimes. */
export function complaintText(rng: Rng, itemName: string): string {
  const base = pick(rng, COMPLAINTS);
  return rng() < 0.35 ? `【${itemName}】${base}` : base;
}

export function bugText(rng: Rng, appName: string): string {
  const base = pick(rng, BUGS);
  return rng() < 0.3 ? `${appName}：${base}` : base;
}

export const DEVICES = [
  'iPhone 15 / iOS 17.5',
  'iPhone 13 / iOS 16.7',
  'HUAWEI Mate 60 / HarmonyOS 4.2',
  'HUAWEI nova 11 / HarmonyOS 4.0',
  'Xiaomi 14 / Android 14',
  'Redmi Note 12 / Android 13',
  'OPPO Reno 11 / Android 14',
  'vivo X100 / Android 14',
  'HONOR 90 / Android 13',
  'Samsung Galaxy S23 / Android 14',
];

export const PAGES = ['/home', '/search', '/service/list', '/user/center', '/progress', '/elder/home', '/licence/wallet', '/message'];
