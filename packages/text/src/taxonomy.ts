// The tag taxonomy: which tags exist and which words point to them. A JSON file of the same
// shape replaces the default (`govperf text analyze --taxonomy FILE.json`).
import { z } from 'zod';
import { RegExpSourceSchema } from './pattern';

export const TagSchema = z.strictObject({
  /** Stable identifier printed in results, e.g. face_recognition. */
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _, starting with a letter'),
  zh: z.string().min(1),
  en: z.string().min(1),
  /**
   * Two or more characters: found anywhere in the text (Latin case-insensitively). One character
   * (卡, 慢): only as a whole segmented word, so 社保卡 does not match 卡.
   */
  keywords: z.array(z.string().min(1)).default([]),
  /** Regular expressions (Unicode mode) tried on the raw text. */
  patterns: z.array(RegExpSourceSchema).default([]),
  /** Keywords or patterns that veto this tag when found (e.g. 卡 of 银行卡 for performance). */
  exclude: z.array(RegExpSourceSchema).default([]),
  /** For roll-up reports only: a matched child is not also reported as its parent. */
  parent: z.string().optional(),
});
export type Tag = z.output<typeof TagSchema>;

export const TagTaxonomySchema = z
  .strictObject({
    version: z.string().optional(),
    tags: z.array(TagSchema).min(1),
  })
  .superRefine((taxonomy, ctx) => {
    const index = new Map<string, number>();
    taxonomy.tags.forEach((tag, i) => {
      if (index.has(tag.code)) ctx.addIssue({ code: 'custom', path: ['tags', i, 'code'], message: `duplicate code ${tag.code} (also tags[${index.get(tag.code)}])` });
      else index.set(tag.code, i);
      if (tag.keywords.length === 0 && tag.patterns.length === 0) ctx.addIssue({ code: 'custom', path: ['tags', i, 'keywords'], message: `tag ${tag.code} needs at least one keyword or pattern` });
    });
    taxonomy.tags.forEach((tag, i) => {
      if (tag.parent === undefined) return;
      if (!index.has(tag.parent)) {
        ctx.addIssue({ code: 'custom', path: ['tags', i, 'parent'], message: `unknown parent ${tag.parent}` });
        return;
      }
      // Walk up: a parent chain that comes back to this tag is a cycle.
      const seen = new Set([tag.code]);
      for (let code: string | undefined = tag.parent; code !== undefined; code = taxonomy.tags[index.get(code)!]?.parent) {
        if (seen.has(code)) {
          ctx.addIssue({ code: 'custom', path: ['tags', i, 'parent'], message: `parent cycle through ${code}` });
          return;
        }
        seen.add(code);
        if (!index.has(code)) return;
      }
    });
  });
export type TagTaxonomy = z.output<typeof TagTaxonomySchema>;
export type TagTaxonomyInput = z.input<typeof TagTaxonomySchema>;

/** Licences, certificates and cards citizens apply for (证照). */
const DOCUMENTS = '(证照|营业执照|身份证|驾驶证|驾照|社保卡|社宝卡|医保卡|居住证|户口|落户|不动产权证|房产证|结婚证|出生证明|出生医学证明|护照|通行证|执照|证件|证书)';

/** People who serve citizens: a judgement near one of them is about staff attitude. */
const STAFF = '(工作人员|窗口人员|接线员|客服|窗口的|保安|网格员|小哥|小姐姐|[王李张刘陈]姐|对方)';

/** Government-app feedback tags, written from the hotline and 好差评 categories and tuned on the dev split. */
export const DEFAULT_TAXONOMY_INPUT: TagTaxonomyInput = {
  version: '2026-11',
  tags: [
    {
      code: 'login_auth', zh: '登录认证', en: 'Login & authentication',
      keywords: ['登录', '登陆', '登不上', '注册', '账号', '帐号', '密码', '验证码', '实名认证', '身份认证', '统一身份认证', '扫码登录', '一键登录', '重新登录', '登录已过期', '注销账号', 'login'],
      patterns: ['认证.{0,4}(失败|不了|不通过)', '异地登录'],
      exclude: ['资格认证'],
    },
    {
      code: 'face_recognition', zh: '人脸识别', en: 'Face recognition', parent: 'login_auth',
      keywords: ['人脸', '刷脸', '活体检测', '人脸识别', '人脸比对', '眨眼', '摇头', '张嘴', '转头', '正对屏幕'],
      patterns: ['识别.{0,6}(失败|不了|不出)'],
      exclude: ['OCR', '识别身份证', '人脸信息'],
    },
    {
      code: 'ui_interaction', zh: '界面交互', en: 'UI & interaction',
      keywords: ['界面', '入口', '按钮', '菜单', '首页', '弹窗', '广告', '搜索', '布局', '排版', 'UI', '找不到', '找了半天', '藏得', '层级', '夜间模式', '返回键', '横屏', '点错', '操作流程', '不好找', '字体', '不习惯', '顺手'],
      patterns: ['找.{0,6}(入口|功能)', '点.{0,3}(好几|五六|几)下'],
    },
    {
      code: 'elderly_friendly', zh: '适老化', en: 'Accessibility for older people',
      keywords: ['适老化', '老人', '老年人', '长辈版', '长辈模式', '长者模式', '大字版', '字太小', '字大', '老花眼', '读屏', '语音播报', '语音助手', '方言', '爷爷', '奶奶', '我妈', '我爸', '年纪大', '视力不好', '手抖', '不会用智能手机', '无障碍'],
      patterns: ['[七八九]十多?岁'],
    },
    {
      code: 'progress', zh: '办理进度', en: 'Processing progress',
      keywords: ['进度', '审核中', '处理中', '审批', '办结', '受理', '退回', '驳回', '还没办', '到账', '拖了', '即办件', '没下文', '没回复', '工单', '回访', '已转', '审核通过', '办好了', '就办好', '办完'],
      patterns: ['(要|还要|得)等多久', '多久(能|才|到账|办好|出结果|有结果|审核)', '(处理|审核|审批|办理)结果', '状态(显示|一直|还是)', '(等|拖)了.{0,4}[一二两三四五六七八九十几多半\\d]+.{0,2}(天|周|个月|月|礼拜|星期)', '[一二两三四五六七八九十\\d]+个?(工作日|天)就', '[一二两三四五六七八九十\\d]+天就'],
    },
    {
      code: 'material_submission', zh: '材料提交', en: 'Document submission',
      keywords: ['附件', '上传', '扫描件', '复印件', '证明材料', '补正', '补交', '文件格式', '免提交', '材料退回', '材料被退回', '原件', '扫描'],
      patterns: ['(提交|补交|交|提供|准备|缺|少|开|寄).{0,6}(材料|证明|原件|照片)', '(材料|附件|照片|文件|证明).{0,8}(上传|退回|驳回|模糊|不清晰|格式|被退|不支持|齐全|一次性通过|审核|免|要求)'],
      exclude: ['进度条', '材料清单'],
    },
    {
      code: 'system_fault', zh: '系统故障', en: 'System fault',
      keywords: ['闪退', '白屏', '黑屏', '崩溃', '崩了', '报错', '错误', '系统繁忙', '网络异常', '故障', 'bug', 'crash', '404', '500', '乱码', '出错', '没有反应', '没反应', '打不开', '卡死', '参数错误', '未知错误', '证书错误', '系统升级', '维护', '修复', '登录已过期'],
      patterns: ['又崩', '提示.{0,2}[“"].{0,12}(失败|错误|异常)'],
    },
    {
      code: 'policy_inquiry', zh: '政策咨询', en: 'Policy inquiry',
      keywords: ['政策', '补贴', '条件', '标准', '优惠', '津贴', '优待', '资格', '惠民', '稳岗', '契税', '申领条件', '符合', '政策解读', '养老金资格认证'],
      exclude: ['隐私政策'],
    },
    {
      code: 'cross_department', zh: '跨部门', en: 'Cross-department & cross-region',
      keywords: ['跨省', '跨部门', '异地', '踢皮球', '来回跑', '两头跑', '互通', '不互通', '一件事', '一窗通办', '跨省通办', '全省通办', '异地通办', '户籍地', '原籍', '外省', '联动', '部门之间', '两个系统', '分别去', '转移'],
      patterns: ['(人社|社保|医保|民政|税务|公安|住建|市场监管)(局)?说.{0,12}(人社|社保|医保|民政|税务|公安|住建|市场监管)', '[三四五六几多两]个部门', '对不上', '(两地|两边)', '系统.{0,4}不通', '数据.{0,6}(共享|不通|同步)'],
    },
    {
      code: 'privacy_security', zh: '隐私安全', en: 'Privacy & security',
      keywords: ['隐私', '泄露', '个人信息', '权限', '授权', '通讯录', '骚扰', '推销', '诈骗', '冒用', '冒充', '盗用', '被注册', '星号', '人脸信息', '身份信息', '防诈', '安全感'],
    },
    {
      code: 'service_guide', zh: '办事指南', en: 'Service guide',
      keywords: ['办事指南', '指南', '指引', '流程', '说明', '一次性告知', '常见问题', '视频讲解', '怎么办理', '需要准备', '在哪里办', '材料清单'],
      patterns: ['在哪(里|个平台)?(申请|办理|办)', '需要(准备|提供|带)什么'],
      exclude: ['操作流程'],
    },
    {
      code: 'performance', zh: '页面加载/性能', en: 'Loading & performance',
      keywords: ['加载', '卡顿', '卡死', '转圈', '秒开', 'loading', '进度条', '速度', '打开速度', '流畅', '服务器', '扩容', '太慢', '好慢', '很慢', '等半天', '好几秒', '十几秒', '卡', '慢'],
      exclude: ['审批', '到账', '进度', '进度条'],
    },
    {
      code: 'payment', zh: '支付缴费', en: 'Payments & fees',
      keywords: ['缴费', '交费', '支付', '付款', '扣款', '扣费', '退款', '罚款', '水费', '电费', '燃气', '社保缴费', '缴纳', '交社保', '欠费', '发票', '票据', '订单', '学费', '补税', '还贷', '未缴', '付了钱', '扣了'],
      patterns: ['交.{0,4}(税|费|钱)'],
      exclude: ['支付宝一键登录', '支付宝登录', '缴纳记录'],
    },
    {
      code: 'form_filling', zh: '表单填写', en: 'Form filling',
      keywords: ['表单', '表格', '填写', '填报', '必填', '重填', '填了', '自动带出', '下拉', '选择器', '格式错误', '自动保存', '白填', '生僻字', '经营范围'],
      patterns: ['填.{0,4}(一遍|两遍|五遍|遍)', '(怎么|如何|是)填'],
    },
    {
      code: 'appointment', zh: '预约排队', en: 'Appointments & queues',
      keywords: ['预约', '排队', '号源', '取号', '放号', '抢号', '等候', '叫号', '约到', '专窗', '上门'],
      patterns: ['排(了)?.{0,3}队'],
    },
    {
      code: 'staff_attitude', zh: '工作人员态度', en: 'Staff attitude',
      keywords: ['态度', '不耐烦', '敷衍', '推诿', '玩手机', '服务态度', '照本宣科', '延时服务', '网格员'],
      patterns: [
        `${STAFF}[^。！？!?]{0,24}(耐心|热情|专业|好评|表扬|感谢|谢谢|辛苦|冲|差|主动|帮|教|不知道|说不清|挂|敷衍|及时|很好|回电|等我|没有催)`,
        `(好评|表扬|感谢|谢谢)[^。！？!?]{0,8}${STAFF}`,
        '(窗口|大厅)的.{0,6}(好评|姐|哥|同志)', '没人接',
      ],
    },
    {
      code: 'license_certificate', zh: '证照办理', en: 'Licences & certificates',
      keywords: ['电子证照', '亮照', '换证', '领证', '补证', '换领', '准迁证', '准生证', '年检', '电子社保卡', '电子驾驶证', '电子营业执照'],
      // A document named in passing (上传身份证照片) is not about getting the document.
      patterns: [
        `${DOCUMENTS}.{0,8}(办|补办|换|补|领|申领|申请|注销|变更|激活|续签|到期|丢了|寄|拿到|下载|年报|不认|认|电子版)`,
        `(办|换|补办|补|领|申领|申请|注销|激活|续签|办理|上)(个|了)?.{0,4}${DOCUMENTS}`,
      ],
      exclude: ['注销账号', '身份证号'],
    },
    {
      code: 'notification', zh: '通知提醒', en: 'Notifications & reminders',
      keywords: ['通知', '提醒', '推送', '短信', '消息'],
      exclude: ['验证码'],
    },
  ],
};

export const DEFAULT_TAXONOMY: TagTaxonomy = TagTaxonomySchema.parse(DEFAULT_TAXONOMY_INPUT);

/** Validates a taxonomy (e.g. parsed from JSON); throws a zod error naming the field. */
export function parseTaxonomy(value: unknown): TagTaxonomy {
  return TagTaxonomySchema.parse(value);
}
