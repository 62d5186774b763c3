// Reports (月报、白皮书): drafted from published runs, edited by the office, rendered as .docx and PDF.
export * from './model';
export { draftMonthlyReport, draftAnnualReport, previousPeriod } from './gather';
export { draftSuggestions, type WeakIndicator } from './suggestions';
export { renderChart, CHART_FONT_FAMILY, type RenderedChart } from './charts';
export { renderReport, parseReportDraft, type RenderOptions } from './docx';
export { convertToPdf, findSoffice, LibreOfficeMissingError, PdfConversionError, type PdfOptions } from './pdf';
