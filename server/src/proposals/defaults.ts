import type { Funder, Template, TemplateSection } from '@dialogo/shared';

/**
 * What a network starts with: the funders the action plan 2017-2020 names (seeds/001: "a thematic
 * project to an Italian Ministry, for example the Ministry of Interior or the Ministry of Labour;
 * or ... a Foundation") and two templates with the sections of a joint proposal. Coordinators
 * add funders and edit the templates afterwards.
 */

const section = (key: string, title: string, max?: number, unit: 'words' | 'characters' = 'words'): TemplateSection => ({
  key,
  title,
  ...(max ? { limit: { max, unit } } : {}),
});

/** The ten sections of a national call, in Italian, with the word limits such calls set. */
export const MINISTRY_TEMPLATE: Template = {
  id: 'ministry',
  name: 'Bando ministeriale',
  sections: [
    section('summary', 'Sintesi del progetto', 300),
    section('context', 'Contesto e bisogni', 800),
    section('objectives', 'Obiettivi', 500),
    section('activities', 'Attività', 1500),
    section('partners', 'Partner e ruoli', 600),
    section('budget', 'Budget', 400),
    section('timeline', 'Cronoprogramma', 300),
    section('results', 'Risultati attesi', 600),
    section('sustainability', 'Sostenibilità', 400),
    section('communication', 'Comunicazione', 400),
  ],
};

/** The same sections for a foundation or a European programme, in English, with character limits. */
export const FOUNDATION_TEMPLATE: Template = {
  id: 'foundation',
  name: 'Foundation call',
  sections: [
    section('summary', 'Summary', 2000, 'characters'),
    section('context', 'Context and need', 4000, 'characters'),
    section('objectives', 'Objectives', 3000, 'characters'),
    section('activities', 'Activities', 8000, 'characters'),
    section('partners', 'Partners and roles', 3000, 'characters'),
    section('budget', 'Budget'),
    section('timeline', 'Timeline'),
    section('results', 'Expected results', 3000, 'characters'),
    section('sustainability', 'Sustainability', 2000, 'characters'),
    section('communication', 'Communication', 2000, 'characters'),
  ],
};

export const DEFAULT_TEMPLATES: Template[] = [MINISTRY_TEMPLATE, FOUNDATION_TEMPLATE];

export const DEFAULT_FUNDERS: Funder[] = [
  { id: 'ministero-interno', name: "Ministero dell'Interno", kind: 'ministry', templateId: 'ministry' },
  { id: 'ministero-lavoro', name: 'Ministero del Lavoro e delle Politiche Sociali', kind: 'ministry', templateId: 'ministry' },
  { id: 'fondazione', name: 'Fondazione (bando inclusione sociale)', kind: 'foundation', templateId: 'foundation' },
  { id: 'programma-europeo', name: 'Programma europeo', kind: 'european', templateId: 'foundation' },
];
