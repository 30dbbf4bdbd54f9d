import './theme.css';
import './app/sb-app';
