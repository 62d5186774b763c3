// The demo province (浙江省): a realistic year of data for a first start with an empty database.
export { loadDemoProvince, DEMO_ADMIN, type DemoOptions, type DemoProgress, type DemoSummary } from './load';
export { demoPeriods } from './timeline';
