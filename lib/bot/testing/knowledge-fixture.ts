import type { TKnowledgeEntry } from "../knowledge";

/** A small knowledge base in all three languages, shared by the bot tests and the benchmark. */
export const KNOWLEDGE_FIXTURE: TKnowledgeEntry[] = [
  { id: "price-en", question: "What is the price? How much do plans cost?", answer: "Plans start at ₹999 per month; the Pro plan is ₹2,499 per month.", tags: ["pricing", "plans"], language: "en" },
  { id: "price-hi", question: "कीमत क्या है? प्लान कितने का है?", answer: "प्लान ₹999 प्रति माह से शुरू होते हैं; प्रो प्लान ₹2,499 प्रति माह है।", tags: ["pricing", "कीमत", "दाम"], language: "hi" },
  { id: "price-hinglish", question: "Price kitna hai? Plan kitne ka hai?", answer: "Plans ₹999/month se shuru hote hain; Pro plan ₹2,499/month ka hai.", tags: ["pricing", "daam"], language: "hinglish" },
  { id: "hours-en", question: "When are you open? What are your opening hours?", answer: "We are open Monday to Saturday, 10am to 6pm IST.", tags: ["hours", "timing"], language: "en" },
  { id: "hours-hi", question: "आप कब खुलते हैं? समय क्या है?", answer: "हम सोमवार से शनिवार, सुबह 10 से शाम 6 बजे तक खुले हैं।", tags: ["hours", "समय"], language: "hi" },
  { id: "location-en", question: "Where is your office? What is the address?", answer: "We are at 12 MG Road, Bengaluru 560001.", tags: ["location", "address"], language: "en" },
  { id: "trial-en", question: "Do you offer a free trial?", answer: "Yes, every plan has a 14-day free trial, no card needed.", tags: ["trial"], language: "en" },
  { id: "gst-en", question: "Do your invoices include GST?", answer: "Yes, all invoices are GST-compliant and include our GSTIN.", tags: ["gst", "invoice", "tax"], language: "en" },
];
